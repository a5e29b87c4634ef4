import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMentions } from './commentMentions.ts';

const ada = { id: 'u1', name: 'Ada Lovelace' };
const adaB = { id: 'u2', name: 'Ada Byron' };
const ed = { id: 'u3', name: 'Ed' };
const members = [ada, ed];

describe('parseMentions', () => {
  it('finds full names with spaces, case-insensitively, once each', () => {
    expect(parseMentions('@ada lovelace and @Ed, also @Ada Lovelace again', members)).toEqual([ada, ed]);
  });

  it('accepts a first name only when one member has it', () => {
    expect(parseMentions('@Ada please', members)).toEqual([ada]);
    expect(parseMentions('@Ada please', [ada, adaB])).toEqual([]);
    expect(parseMentions('@Ada Byron please', [ada, adaB])).toEqual([adaB]);
  });

  it('ignores e-mail addresses, partial words and unknown names', () => {
    expect(parseMentions('mail ed@example.com', members)).toEqual([]);
    expect(parseMentions('@Edward is not Ed', members)).toEqual([]);
    expect(parseMentions('@Nobody', members)).toEqual([]);
    expect(parseMentions('(@Ed)', members)).toEqual([ed]);
  });

  it('only ever returns members, never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        for (const mention of parseMentions(body, members)) expect(members).toContain(mention);
      }),
    );
  });
});
