import type { CounterStore } from '../rateLimit/counterStore.ts';
import { TooManyAttemptsError } from './authErrors.ts';

/**
 * Failed sign-ins, counted per account and per IP on the shared counter store (memory or Redis).
 * After `threshold` failures within the window, the subject is locked out for a delay that doubles
 * with each further failure, capped at 15 minutes. Attempts during a lock are refused before any
 * password is checked, so a correct guess in a lock is worth nothing to an attacker.
 */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const MAX_LOCK_MS = 15 * 60_000;
const FIRST_LOCK_MS = 30_000;

export interface ThrottleRule {
  threshold: number;
}

export const ACCOUNT_RULE: ThrottleRule = { threshold: 5 };
/** Higher, because many people can share one address (offices, carrier NAT). */
export const IP_RULE: ThrottleRule = { threshold: 20 };
/** Second-factor codes: six digits are guessable without a limit. */
export const MFA_RULE: ThrottleRule = { threshold: 5 };

/** The lock after the n-th failure (n ≥ threshold): 30 s, 60 s, 120 s … up to 15 min. */
export function lockDurationMs(failures: number, rule: ThrottleRule): number {
  if (failures < rule.threshold) return 0;
  const doublings = Math.min(failures - rule.threshold, 20);
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** doublings);
}

const failKey = (subject: string) => `login-fail:${subject}`;
const lockKey = (subject: string) => `login-lock:${subject}`;

export const accountSubject = (email: string) => `acct:${email.toLowerCase()}`;
export const ipSubject = (ip: string) => `ip:${ip}`;
export const mfaSubject = (userId: string) => `mfa:${userId}`;

export class LoginThrottle {
  constructor(private readonly counters: CounterStore) {}

  /** Throws 429 `too_many_login_attempts` with Retry-After while any of the subjects is locked. */
  async assertAllowed(subjects: string[]): Promise<void> {
    const locks = await Promise.all(subjects.map((s) => this.counters.peek(lockKey(s))));
    const longest = Math.max(0, ...locks.filter((l) => l.count > 0).map((l) => l.resetInMs));
    if (longest > 0) throw new TooManyAttemptsError(longest / 1000);
  }

  /** Counts a failure for the subject and starts (or lengthens) its lock once over the threshold. */
  async recordFailure(subject: string, rule: ThrottleRule): Promise<void> {
    const { count } = await this.counters.hit(failKey(subject), FAILURE_WINDOW_MS);
    const lockMs = lockDurationMs(count, rule);
    if (lockMs > 0) {
      // Reset first: a counter's window is fixed by its first hit, and each lock needs its own length.
      await this.counters.reset(lockKey(subject));
      await this.counters.hit(lockKey(subject), lockMs);
    }
  }

  async recordSuccess(subject: string): Promise<void> {
    await Promise.all([this.counters.reset(failKey(subject)), this.counters.reset(lockKey(subject))]);
  }
}

/** Re-proofs by a signed-in user (step-up, password change, MFA disable): guessable without a limit too. */
export const proofSubject = (userId: string) => `proof:${userId}`;
