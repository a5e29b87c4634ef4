import { describe, expect, it } from 'vitest';
import { SyncTokenClaimsSchema, syncTokenCovers, syncTokenDocs } from './syncToken.ts';

describe('sync token claims', () => {
  const claims = { sub: 'u1', book: 'b1', access: 'comment', docs: syncTokenDocs('b1') };

  it('accepts claims for one book and covers only its chapters', () => {
    const parsed = SyncTokenClaimsSchema.parse({ ...claims, iss: 'galley', exp: 1 });
    expect(syncTokenCovers(parsed, 'book/b1/chapter/c1')).toBe(true);
    expect(syncTokenCovers(parsed, 'book/b10/chapter/c1')).toBe(false);
    expect(syncTokenCovers(parsed, 'book/b2/chapter/c1')).toBe(false);
  });

  it('refuses a docs pattern that names another book, and unknown access levels', () => {
    expect(SyncTokenClaimsSchema.safeParse({ ...claims, docs: 'book/b2/*' }).success).toBe(false);
    expect(SyncTokenClaimsSchema.safeParse({ ...claims, docs: 'book/*' }).success).toBe(false);
    expect(SyncTokenClaimsSchema.safeParse({ ...claims, access: 'admin' }).success).toBe(false);
  });
});
