import { z } from 'zod';

export const SYNC_ACCESS_LEVELS = ['edit', 'comment', 'read'] as const;
export const SyncAccessSchema = z.enum(SYNC_ACCESS_LEVELS);
/** `edit` changes anything; `comment` only the comment threads root; `read` nothing. */
export type SyncAccess = z.infer<typeof SyncAccessSchema>;

/**
 * Claims of a sync token (besides iss, aud, iat, exp, jti that the api's KeyRing sets). The api signs
 * them with `keys.sign('sync', claims, SYNC_TOKEN_TTL_SECONDS)`; the sync server verifies the signature
 * against the api's JWKS with audience `syncTokenAudience(issuer)` and then parses them with this schema.
 * `docs` is the pattern of document names the token opens: every chapter of the book.
 */
export const SyncTokenClaimsSchema = z
  .object({
    sub: z.string().min(1).max(128),
    book: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    access: SyncAccessSchema,
    docs: z.string(),
    /**
     * The api session (refresh family) that fetched the token, so ending that one session closes its
     * connections and no others. Optional: tokens minted before it existed stay valid until they expire.
     */
    sid: z.string().min(1).max(128).optional(),
  })
  .refine((c) => c.docs === syncTokenDocs(c.book), { message: 'docs must be book/<book>/*', path: ['docs'] });
export type SyncTokenClaims = z.infer<typeof SyncTokenClaimsSchema>;

export function syncTokenDocs(bookId: string): string {
  return `book/${bookId}/*`;
}

export function syncTokenAudience(issuer: string): string {
  return `${issuer}:sync`;
}

/** Whether a token's `docs` pattern covers `docName` (only the trailing `/*` wildcard exists). */
export function syncTokenCovers(claims: Pick<SyncTokenClaims, 'docs'>, docName: string): boolean {
  if (!claims.docs.endsWith('/*')) return claims.docs === docName;
  return docName.startsWith(claims.docs.slice(0, -1));
}

/** `POST /api/sync-tokens` body and response. */
export const SyncTokenCreateSchema = z.strictObject({ bookId: z.string().min(1).max(64) });
export type SyncTokenCreate = z.infer<typeof SyncTokenCreateSchema>;

export const SyncTokenResponseSchema = z.object({
  token: z.string(),
  access: SyncAccessSchema,
  expiresAt: z.iso.datetime(),
});
export type SyncTokenResponse = z.infer<typeof SyncTokenResponseSchema>;
