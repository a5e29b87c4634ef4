import { describe, expect, it } from 'vitest';
import { isAppNavigation, isImagePath, parsePushPayload } from './swRules.ts';

describe('navigation fallback', () => {
  it('answers app URLs from the shell but never server paths', () => {
    expect(isAppNavigation('/')).toBe(true);
    expect(isAppNavigation('/books/01HX')).toBe(true);
    expect(isAppNavigation('/apiary')).toBe(true);
    expect(isAppNavigation('/api/me')).toBe(false);
    expect(isAppNavigation('/api')).toBe(false);
    expect(isAppNavigation('/sync/book/1')).toBe(false);
    expect(isAppNavigation('/metrics')).toBe(false);
    expect(isAppNavigation('/dev/mail')).toBe(false);
    expect(isAppNavigation('/s3/galley-media/books/b1/media/m1')).toBe(false);
  });
});

describe('push payload', () => {
  it('reads title, body and url from JSON', () => {
    const payload = parsePushPayload(
      JSON.stringify({ title: 'Review ready', body: 'Chapter 2', url: '/books/1' }),
    );
    expect(payload).toEqual({ title: 'Review ready', body: 'Chapter 2', url: '/books/1' });
  });

  it('never links off-site', () => {
    expect(parsePushPayload(JSON.stringify({ title: 't', body: 'b', url: 'https://evil.example' })).url).toBe(
      '/',
    );
    expect(parsePushPayload(JSON.stringify({ title: 't', body: 'b', url: '//evil.example' })).url).toBe('/');
  });

  it('still shows something for empty or non-JSON pushes', () => {
    expect(parsePushPayload(null).title).toBe('Galley');
    expect(parsePushPayload('plain text').body).toBe('plain text');
    expect(parsePushPayload('[1,2]').title).toBe('Galley');
  });
});

describe('runtime caching', () => {
  it('caches book images and covers, nothing else the api serves', () => {
    expect(isImagePath('/api/books/b1/media/m1/content')).toBe(true);
    expect(isImagePath('/api/books/b1/cover')).toBe(true);
    expect(isImagePath('/api/books/b1/media')).toBe(false);
    expect(isImagePath('/api/books/b1')).toBe(false);
    expect(isImagePath('/api/me')).toBe(false);
  });
});
