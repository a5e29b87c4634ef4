/**
 * WebSocket close codes of the sync protocol, one table used by the sync server and the client.
 * 4000–4999 are reserved for applications (RFC 6455 §7.4.2); we mirror HTTP statuses in the last three
 * digits so a code reads like the status a person already knows.
 *
 * `reconnect` tells the client what to do: `retry` = reconnect with backoff using the same token,
 * `newToken` = fetch a fresh sync token from the api first, `never` = stop and show the reason.
 */
export const SyncCloseCode = {
  /** Garbage frame, unknown message type, wrong protocol version, bad document name. */
  badRequest: 4400,
  /** No token, or a token that fails verification (bad signature, issuer, audience, claims). */
  unauthenticated: 4401,
  /** The token does not grant this document, or the update is beyond the token's access (read/comment). */
  forbidden: 4403,
  /** The token expired and no fresh one arrived through the auth message in time. */
  tokenExpired: 4408,
  /** A frame larger than the server's limit. */
  messageTooLarge: 4413,
  /** Too many messages per second, too many connections, or a send buffer the client did not drain. */
  rateLimited: 4429,
  /** Unexpected server failure on this connection. */
  internalError: 4500,
  /** The node is shutting down after persisting everything: reconnect (another node will serve). */
  shuttingDown: 4503,
} as const;
export type SyncCloseCode = (typeof SyncCloseCode)[keyof typeof SyncCloseCode];

export type ReconnectAdvice = 'retry' | 'newToken' | 'never';

export const SYNC_CLOSE_CODES: Record<
  SyncCloseCode,
  { reason: string; reconnect: ReconnectAdvice; description: string }
> = {
  4400: { reason: 'bad_request', reconnect: 'never', description: 'Malformed message or protocol mismatch.' },
  4401: { reason: 'unauthenticated', reconnect: 'newToken', description: 'Missing or invalid sync token.' },
  4403: { reason: 'forbidden', reconnect: 'never', description: 'Not allowed on this document.' },
  4408: { reason: 'token_expired', reconnect: 'newToken', description: 'The sync token expired.' },
  4413: {
    reason: 'message_too_large',
    reconnect: 'never',
    description: 'A message exceeded the size limit.',
  },
  4429: { reason: 'rate_limited', reconnect: 'retry', description: 'Too much traffic; slow down.' },
  4500: {
    reason: 'internal_error',
    reconnect: 'retry',
    description: 'The server failed on this connection.',
  },
  4503: { reason: 'shutting_down', reconnect: 'retry', description: 'The server is restarting; reconnect.' },
};

/** Close codes the client should not retry on blindly; unknown codes (1006 etc.) mean retry. */
export function reconnectAdvice(code: number): ReconnectAdvice {
  return (
    (SYNC_CLOSE_CODES as Record<number, { reconnect: ReconnectAdvice } | undefined>)[code]?.reconnect ??
    'retry'
  );
}
