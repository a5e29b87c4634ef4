import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RevocationMemory, revocationMatches } from './revocationMemory.ts';

describe('RevocationMemory', () => {
  it('refuses tokens issued up to the revocation, for that user and book only', () => {
    const memory = new RevocationMemory(60_000, () => 10_000);
    memory.remember({ bookId: 'b1', userId: 'u1', at: 5_500 });
    expect(memory.revokes('u1', 'b1', 5_000)).toBe(true);
    // iat is whole seconds: a token from the same second may predate the revocation, so it is refused.
    expect(memory.revokes('u1', 'b1', 5_000)).toBe(true);
    expect(memory.revokes('u1', 'b1', 6_000)).toBe(false);
    expect(memory.revokes('u2', 'b1', 1_000)).toBe(false);
    expect(memory.revokes('u1', 'b2', 1_000)).toBe(false);
  });

  it('a revocation without a user covers everyone on the book', () => {
    const memory = new RevocationMemory(60_000, () => 10_000);
    memory.remember({ bookId: 'b1', at: 9_000 });
    expect(memory.revokes('anyone', 'b1', 9_000)).toBe(true);
    expect(memory.revokes('anyone', 'b1', 10_000)).toBe(false);
    expect(revocationMatches({ bookId: 'b1', at: 1 }, 'anyone', 'b1')).toBe(true);
    expect(revocationMatches({ bookId: 'b1', userId: 'u', at: 1 }, 'v', 'b1')).toBe(false);
  });

  it('a revocation without a book covers every book of that user, and nobody else', () => {
    const memory = new RevocationMemory(60_000, () => 10_000);
    memory.remember({ userId: 'u1', at: 9_000 });
    expect(memory.revokes('u1', 'b1', 9_000)).toBe(true);
    expect(memory.revokes('u1', 'b2', 8_000)).toBe(true);
    expect(memory.revokes('u1', 'b1', 10_000)).toBe(false);
    expect(memory.revokes('u2', 'b1', 1_000)).toBe(false);
    expect(revocationMatches({ userId: 'u1', at: 1 }, 'u1', 'any-book')).toBe(true);
    expect(revocationMatches({ userId: 'u1', at: 1 }, 'u2', 'any-book')).toBe(false);
  });

  it('an ended session refuses every token it fetched, whenever issued; the same user’s other sessions pass', () => {
    const memory = new RevocationMemory(60_000, () => 10_000);
    memory.remember({ userId: 'u1', sessionId: 's1', at: 9_000 });
    expect(memory.revokes('u1', 'b1', 9_000, 's1')).toBe(true);
    // Fetched a moment after the logout (the request was already past the session check): still refused.
    expect(memory.revokes('u1', 'b2', 12_000, 's1')).toBe(true);
    expect(memory.revokes('u1', 'b1', 1_000, 's2')).toBe(false);
    expect(memory.revokes('u2', 'b1', 1_000, 's1')).toBe(false);
    expect(revocationMatches({ userId: 'u1', sessionId: 's1', at: 1 }, 'u1', 'any-book', 's1')).toBe(true);
    expect(revocationMatches({ userId: 'u1', sessionId: 's1', at: 1 }, 'u1', 'any-book', 's2')).toBe(false);
    expect(revocationMatches({ userId: 'u1', sessionId: 's1', at: 1 }, 'u2', 'any-book', 's1')).toBe(false);
    // Account-level and book revocations still reach every session.
    expect(revocationMatches({ userId: 'u1', at: 1 }, 'u1', 'any-book', 's2')).toBe(true);
    expect(revocationMatches({ bookId: 'b1', at: 1 }, 'u1', 'b1', 's2')).toBe(true);
  });

  it('a token that names no session (minted before tokens did) might be the ended one’s: closed, and refused if older', () => {
    const memory = new RevocationMemory(60_000, () => 10_000);
    memory.remember({ userId: 'u1', sessionId: 's1', at: 9_000 });
    expect(revocationMatches({ userId: 'u1', sessionId: 's1', at: 1 }, 'u1', 'b1', undefined)).toBe(true);
    expect(memory.revokes('u1', 'b1', 9_000)).toBe(true);
    expect(memory.revokes('u1', 'b1', 10_000)).toBe(false);
    expect(memory.revokes('u2', 'b1', 1_000)).toBe(false);
  });

  it('forgets ended sessions once every token they fetched has expired', () => {
    let now = 10_000;
    const memory = new RevocationMemory(1_000, () => now);
    memory.remember({ userId: 'u1', sessionId: 's1', at: 9_500 });
    expect(memory.size).toBe(2);
    now = 20_000;
    memory.remember({ userId: 'u2', sessionId: 's2', at: 19_900 });
    expect(memory.size).toBe(2);
    expect(memory.revokes('u1', 'b1', 1_000, 's1')).toBe(false);
    expect(memory.revokes('u2', 'b1', 1_000, 's2')).toBe(true);
  });

  it('forgets revocations once every token issued before them has expired', () => {
    let now = 10_000;
    const memory = new RevocationMemory(1_000, () => now);
    memory.remember({ bookId: 'b1', userId: 'u1', at: 9_500 });
    now = 20_000;
    memory.remember({ bookId: 'b2', userId: 'u1', at: 19_900 });
    expect(memory.size).toBe(1);
  });

  it('never lets a token issued at or before the latest revocation through (any order of revocations)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1_000_000), { minLength: 1 }), fc.nat(1_000_000), (ats, iat) => {
        const memory = new RevocationMemory(10_000_000, () => 1_000_000);
        for (const at of ats) memory.remember({ bookId: 'b', userId: 'u', at });
        expect(memory.revokes('u', 'b', iat)).toBe(iat <= Math.max(...ats));
      }),
    );
  });
});
