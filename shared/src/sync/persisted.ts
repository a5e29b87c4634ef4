import { z } from 'zod';
import { MessageType, SyncStep } from './protocol.ts';

/**
 * *persisted*: `[varUint 100][varUint upTo]`.
 *
 * Both ends number the updates the client sends on one connection, starting at 1: every `sync` frame
 * whose step is `step2` (1) or `update` (2) counts, in send order; `step1` and every other message do
 * not. `upTo = N` means "every update you sent on this connection up to and including #N is stored
 * durably" (or was already in the document, which is as good). The server sends it after the storage
 * write completes, never before, and `upTo` never decreases on a connection. A new connection starts
 * counting again at 1; the client's sync step 2 on reconnect re-sends anything unacknowledged.
 *
 * Encoded here without lib0 so the client can use it with no extra dependency; the varUint is lib0's
 * (7 bits per byte, little-endian groups, high bit = more).
 */
export const PersistedMessageSchema = z.object({
  type: z.literal('persisted'),
  upTo: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type PersistedMessage = z.infer<typeof PersistedMessageSchema>;

export function encodePersisted(upTo: number): Uint8Array {
  const { upTo: n } = PersistedMessageSchema.parse({ type: 'persisted', upTo });
  // 100 < 128, so the message type is a one-byte varUint.
  const bytes: number[] = [MessageType.persisted];
  writeVarUint(bytes, n);
  return Uint8Array.from(bytes);
}

/** Null when the frame is not a well-formed *persisted* message. */
export function decodePersisted(frame: Uint8Array): PersistedMessage | null {
  const type = readVarUint(frame, 0);
  if (!type || type.value !== MessageType.persisted) return null;
  const upTo = readVarUint(frame, type.next);
  if (!upTo || upTo.next !== frame.length) return null;
  return { type: 'persisted', upTo: upTo.value };
}

/** True for the client frames that the *persisted* counter numbers (see above). */
export function isCountedClientUpdate(frame: Uint8Array): boolean {
  const type = readVarUint(frame, 0);
  if (!type || type.value !== MessageType.sync) return false;
  const step = readVarUint(frame, type.next);
  return !!step && (step.value === SyncStep.step2 || step.value === SyncStep.update);
}

function writeVarUint(out: number[], value: number): void {
  let n = value;
  while (n > 0x7f) {
    out.push(0x80 | (n % 0x80));
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function readVarUint(bytes: Uint8Array, start: number): { value: number; next: number } | null {
  let value = 0;
  let multiplier = 1;
  for (let i = start; i < bytes.length && i < start + 8; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return value <= Number.MAX_SAFE_INTEGER ? { value, next: i + 1 } : null;
    multiplier *= 0x80;
  }
  return null;
}
