import { randomToken } from './secrets.ts';

/**
 * Refresh tokens are opaque `<sessionId>.<32 random bytes, base64url>`. The session id lets us find
 * the family in one read; only the sha256 of the whole token is stored.
 */
const FORMAT = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

export function newRefreshToken(sessionId: string): string {
  return `${sessionId}.${randomToken()}`;
}

export function sessionIdOf(refreshToken: string): string | null {
  return FORMAT.exec(refreshToken)?.[1] ?? null;
}
