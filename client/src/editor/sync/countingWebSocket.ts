import { MessageType, SyncStep } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import type { CountedFrame } from './cloudSaveTracker.ts';

/** The frames the *persisted* numbering counts (sync step 2 and update), or null for any other frame. */
export function countedFrameKind(frame: Uint8Array): CountedFrame | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
    const step = decoding.readVarUint(decoder);
    if (step === SyncStep.step2) return 'step2';
    if (step === SyncStep.update) return 'update';
    return null;
  } catch {
    return null;
  }
}

function bytesOf(data: string | ArrayBufferLike | Blob | ArrayBufferView): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}

export interface FrameCounterHooks {
  /** A socket was created: a new connection whose frames are numbered from 1. Returns its id. */
  opened(): number;
  sent(connection: number, frame: CountedFrame): void;
}

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill` option that reports every counted frame as it
 * leaves, so the client numbers its frames exactly like the server does without patching the provider.
 * Frames sent on a socket that is not open are dropped by the browser, so they are not counted.
 */
export function countingWebSocket(hooks: FrameCounterHooks): typeof WebSocket {
  return class CountingWebSocket extends WebSocket {
    readonly connectionId: number;

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.connectionId = hooks.opened();
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (this.readyState === WebSocket.OPEN) {
        const bytes = bytesOf(data);
        const kind = bytes ? countedFrameKind(bytes) : null;
        if (kind) hooks.sent(this.connectionId, kind);
      }
      super.send(data);
    }
  };
}
