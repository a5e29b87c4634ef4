import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import {
  type SyncTokenClaims,
  SyncTokenClaimsSchema,
  syncTokenAudience,
} from '@galley/shared/sync/syncToken';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';

export interface VerifiedSyncToken {
  claims: SyncTokenClaims;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds from `iat` (whole seconds); 0 when absent, which any revocation refuses. */
  issuedAt: number;
}

export type TokenVerdict =
  | { ok: true; token: VerifiedSyncToken }
  | { ok: false; code: SyncCloseCode; reason: string };

export type SyncTokenVerifier = (token: string) => Promise<TokenVerdict>;

export interface TokenVerifierOptions {
  issuer: string;
  /** The api's JWKS (`/api/.well-known/jwks.json`); jose caches it and refetches on an unknown kid. */
  jwksUrl?: string;
  /** Instead of jwksUrl: any jose key source (a local JWKS in tools). */
  keys?: JWTVerifyGetKey;
  now?: () => number;
}

/**
 * Verifies sync tokens the api signed: ES256 only (no `none`, no HMAC confusion), our issuer, the sync
 * audience, not expired, and claims that parse. Failures become close codes: 4408 for an expired token
 * (the client fetches a new one), 4401 for everything else, 4500 when the JWKS cannot be fetched (the
 * api is down: retrying later may work).
 */
export function createTokenVerifier(options: TokenVerifierOptions): SyncTokenVerifier {
  const keys = options.keys ?? createRemoteJWKSet(new URL(requireUrl(options.jwksUrl)));
  const now = options.now ?? Date.now;
  return async (token) => {
    if (!token) return { ok: false, code: SyncCloseCode.unauthenticated, reason: 'missing_token' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: syncTokenAudience(options.issuer),
        currentDate: new Date(now()),
        requiredClaims: ['exp', 'sub'],
      });
      const claims = SyncTokenClaimsSchema.safeParse(payload);
      if (!claims.success)
        return { ok: false, code: SyncCloseCode.unauthenticated, reason: 'invalid_claims' };
      return {
        ok: true,
        token: {
          claims: claims.data,
          expiresAt: (payload.exp as number) * 1000,
          issuedAt: (payload.iat ?? 0) * 1000,
        },
      };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED')
        return { ok: false, code: SyncCloseCode.tokenExpired, reason: 'token_expired' };
      if (code === 'ERR_JWKS_TIMEOUT' || !code) {
        return { ok: false, code: SyncCloseCode.internalError, reason: 'keys_unavailable' };
      }
      return { ok: false, code: SyncCloseCode.unauthenticated, reason: 'invalid_token' };
    }
  };
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('createTokenVerifier needs jwksUrl or keys');
  return url;
}
