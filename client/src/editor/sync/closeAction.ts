import { reconnectAdvice, SYNC_CLOSE_CODES, SyncCloseCode } from '@galley/shared/sync/closeCodes';

/**
 * What the client does after the server closes the socket (codes in shared/src/sync/closeCodes.ts):
 * - `provider`: y-websocket reconnects by itself with its short backoff (network drops, 4500, 4503);
 * - `newToken`: fetch a fresh sync token, then reconnect (4401, 4408);
 * - `slowRetry`: reconnect after our longer backoff (4429: the server asked us to slow down);
 * - `stop`: reconnecting cannot help (4400, 4403, 4413); show `reason` and keep the text on the device.
 */
export type CloseAction =
  | { kind: 'provider' }
  | { kind: 'newToken' }
  | { kind: 'slowRetry' }
  | { kind: 'stop'; reason: string };

export function closeAction(code: number, deniedReason: string | null = null): CloseAction {
  const advice = reconnectAdvice(code);
  if (advice === 'never') {
    const known = (SYNC_CLOSE_CODES as Record<number, { description: string } | undefined>)[code];
    return { kind: 'stop', reason: deniedReason ?? known?.description ?? `closed with ${code}` };
  }
  if (advice === 'newToken') return { kind: 'newToken' };
  if (code === SyncCloseCode.rateLimited) return { kind: 'slowRetry' };
  return { kind: 'provider' };
}
