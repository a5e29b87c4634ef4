import { randomToken, sha256 } from '../auth/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { type OneTimeTokenType, putOneTimeToken } from '../store/oneTimeTokensRepo.ts';
import type { UserRecord } from '../store/userRecord.ts';

const LIFETIME_SECONDS: Record<OneTimeTokenType, number> = {
  verify_email: 24 * 3600,
  password_reset: 3600,
};

/** Stores a new single-use token (its hash only) and returns the raw token for the mail link. */
async function issueMailToken(deps: AppDeps, user: UserRecord, type: OneTimeTokenType): Promise<string> {
  const token = randomToken();
  const nowMs = deps.now();
  await putOneTimeToken(deps, sha256(token), {
    type,
    userId: user.id,
    expiresAt: Math.floor(nowMs / 1000) + LIFETIME_SECONDS[type],
    createdAt: new Date(nowMs).toISOString(),
  });
  return token;
}

export async function sendVerificationMail(deps: AppDeps, user: UserRecord): Promise<void> {
  const token = await issueMailToken(deps, user, 'verify_email');
  const link = `${deps.env.PUBLIC_URL}/verify-email?token=${encodeURIComponent(token)}`;
  await deps.mailer.send({
    to: user.email,
    subject: 'Confirm your email for Galley',
    text: `Hello ${user.displayName},\n\nConfirm your email address by opening this link within 24 hours:\n\n${link}\n\nIf you did not create a Galley account, ignore this message.\n`,
  });
}

export async function sendPasswordResetMail(deps: AppDeps, user: UserRecord): Promise<void> {
  const token = await issueMailToken(deps, user, 'password_reset');
  const link = `${deps.env.PUBLIC_URL}/reset-password?token=${encodeURIComponent(token)}`;
  await deps.mailer.send({
    to: user.email,
    subject: 'Reset your Galley password',
    text: `Hello ${user.displayName},\n\nSomeone (hopefully you) asked to reset your Galley password. Choose a new one within 1 hour here:\n\n${link}\n\nIf it was not you, ignore this message; your password stays as it is.\n`,
  });
}
