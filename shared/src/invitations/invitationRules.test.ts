import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceVerdict, sameEmail } from './invitationRules.ts';

const local = fc.stringMatching(/^[a-z0-9._-]{1,12}$/);
const email = fc.tuple(local, local).map(([name, host]) => `${name}@${host}.test`);
const caseShuffled = (value: string, flips: boolean[]) =>
  [...value].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c)).join('');

describe('invitation acceptance rules', () => {
  it('accepts exactly when unexpired, for the invited address in any case, and not for a member', () => {
    fc.assert(
      fc.property(
        email,
        email,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: -10_000, max: 10_000 }),
        (invited, other, flips, useInvited, verified, isMember, expiresAt, offset) => {
          const acceptorEmail = useInvited ? caseShuffled(invited, flips) : other;
          const now = expiresAt + offset;
          const verdict = acceptanceVerdict(
            { email: invited, expiresAt },
            { email: acceptorEmail, emailVerified: verified, isMember },
            now,
          );
          const matches = acceptorEmail.toLowerCase() === invited.toLowerCase();
          const shouldAccept = now < expiresAt && matches && !isMember;
          expect(verdict.ok).toBe(shouldAccept);
          if (verdict.ok) expect(verdict.verifiesEmail).toBe(!verified);
          // Expiry is reported first: an expired link tells nobody whether the address matched.
          if (now >= expiresAt) expect(verdict).toEqual({ ok: false, reason: 'expired' });
        },
      ),
    );
  });

  it('compares addresses without case and surrounding spaces', () => {
    fc.assert(
      fc.property(email, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (address, flips) => {
        expect(sameEmail(` ${caseShuffled(address, flips)} `, address)).toBe(true);
      }),
    );
    expect(sameEmail('ana@example.test', 'ana@example.tester')).toBe(false);
  });
});
