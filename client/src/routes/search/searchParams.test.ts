import { describe, expect, it } from 'vitest';
import { formFromParams, paramsFromForm } from './searchParams.ts';

describe('search form in the URL', () => {
  it('round-trips the fields that are set and drops empty ones', () => {
    const form = formFromParams(new URLSearchParams('q=%20whales%20&language=en&status='));
    expect(form).toEqual({ q: ' whales ', status: '', language: 'en', subject: '', contributor: '' });
    expect(paramsFromForm(form)).toEqual({ q: 'whales', language: 'en' });
  });

  it('bounds what a crafted link can put in the form', () => {
    expect(formFromParams(new URLSearchParams(`q=${'a'.repeat(500)}`)).q).toHaveLength(200);
  });
});
