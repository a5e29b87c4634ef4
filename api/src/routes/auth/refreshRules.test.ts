import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { REFRESH_GRACE_MS } from '../../auth/refreshGrace.ts';
import { sha256 } from '../../auth/secrets.ts';
import { getSession } from '../../store/sessionsRepo.ts';
import { buildUser } from './authTestKit.ts';

type Step =
  | { kind: 'refresh'; with: 'current' | 'previous' | 'older'; olderIndex: number }
  | { kind: 'advance'; ms: number };

/** The rules, stated once more in the plainest form, to hold the real api (and table) against. */
interface Model {
  current: string;
  /** Every superseded token, newest first. */
  previous: string[];
  grace: { token: string; until: number } | null;
  revoked: boolean;
  accessToken: string;
}

type Expected = { status: 200 } | { status: 401; code: 'refresh_token_reused' | 'session_revoked' };

function expectedAnswer(model: Model, token: string, now: number): Expected {
  const graceUse = model.grace?.token === token && now < model.grace.until;
  if (token === model.current || graceUse) {
    return model.revoked ? { status: 401, code: 'session_revoked' } : { status: 200 };
  }
  return { status: 401, code: 'refresh_token_reused' };
}

function tokenFor(model: Model, step: Extract<Step, { kind: 'refresh' }>): string {
  if (step.with === 'current' || model.previous.length === 0) return model.current;
  if (step.with === 'previous' || model.previous.length === 1) return model.previous[0]!;
  return model.previous[1 + (step.olderIndex % (model.previous.length - 1))]!;
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refresh' as const),
      with: fc.constantFrom('current' as const, 'previous' as const, 'older' as const),
      olderIndex: fc.nat(20),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.constantFrom(1_000, REFRESH_GRACE_MS - 1, REFRESH_GRACE_MS, 60_000),
    }),
  },
);

describe('refresh rules over any sequence of refreshes and waits', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  it('keeps one current token per family, one grace use at most, and revokes on any other replay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const user = await buildUser(t);
        const sid = user.refreshToken.split('.')[0]!;
        const model: Model = {
          current: user.refreshToken,
          previous: [],
          grace: null,
          revoked: false,
          accessToken: user.accessToken,
        };
        const issued = new Set([user.refreshToken]);
        for (const step of steps) {
          if (step.kind === 'advance') {
            clock += step.ms;
            continue;
          }
          const token = tokenFor(model, step);
          const expected = expectedAnswer(model, token, clock);
          const res = await t.request('POST', '/api/auth/refresh', {
            body: { refreshToken: token },
            ip: user.ip,
          });
          expect({ status: res.status, code: res.body?.error?.code }).toEqual({
            status: expected.status,
            code: expected.status === 200 ? undefined : expected.code,
          });
          if (res.status === 200) {
            const fresh: string = res.body.refreshToken;
            expect(issued.has(fresh)).toBe(false);
            issued.add(fresh);
            model.grace = token === model.current ? { token, until: clock + REFRESH_GRACE_MS } : null;
            model.previous.unshift(model.current);
            model.current = fresh;
            model.accessToken = res.body.accessToken;
          } else if (expected.status === 401 && expected.code === 'refresh_token_reused') {
            model.revoked = true;
          }
          // The table agrees: exactly the model's current token rotates, and only its grace token has grace.
          const stored = await getSession(t.deps, sid);
          expect(stored!.tokenHash).toBe(sha256(model.current));
          expect(stored!.graceHash).toBe(model.grace ? sha256(model.grace.token) : undefined);
          expect(stored!.revokedAt !== undefined).toBe(model.revoked);
        }
        const me = await t.request('GET', '/api/me', { token: model.accessToken });
        expect(me.status).toBe(model.revoked ? 401 : 200);
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
