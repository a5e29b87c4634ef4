import type { AccessRevocation } from '@galley/shared/sync/revocation';

export type { AccessRevocation };
export type RevocationListener = (revocation: AccessRevocation) => void;

/**
 * The channel between the api (which takes access away) and every sync node (which must close the
 * connections that used it within seconds). In-process when the api and one sync node share a process
 * (`npm start` without REDIS_URL); Redis pub/sub otherwise, with the last hour kept in Redis for nodes
 * that start or reconnect later. In-process, a restart forgets: a token issued before a revocation then
 * works until it expires (SYNC_TOKEN_TTL_SECONDS, minutes).
 */
export interface AccessRevocations {
  /** Resolves once the message is handed to the transport (every subscriber, this process's included). */
  publish(revocation: AccessRevocation): Promise<void>;
  /** Resolves once subscribed; the returned function unsubscribes. */
  subscribe(listener: RevocationListener): Promise<() => void>;
  close(): Promise<void>;
}
