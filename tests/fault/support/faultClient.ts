import { MessageType, SyncStep } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const EDITS = 'edits';

/**
 * A writer using the stock y-websocket provider (Node, `ws` underneath) that knows exactly which of its
 * edits the server acknowledged. Each edit is one uniquely named element of a Y.Array (one Yjs item,
 * one clock). The socket records every frame the *persisted* counter counts (sync step 2 and updates,
 * numbered from 1 per connection); when *persisted(upTo)* arrives, the edits contained in frames 1…upTo
 * are acknowledged. On every close the provider moves to the next node URL (round robin), as a client
 * behind a load balancer would.
 */
export class FaultClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly typed: string[] = [];
  readonly acknowledged = new Set<string>();
  /** Close codes seen, in order (1006 for a killed node). */
  readonly closes: number[] = [];
  private readonly unacknowledged = new Map<number, string>();
  private next = 0;

  constructor(
    readonly name: string,
    private readonly urls: string[],
    docName: string,
    token: string,
    first = 0,
  ) {
    this.next = first;
    class CountingSocket extends WebSocket {
      /** Frames the *persisted* counter counts on this connection, in order. */
      readonly counted: Uint8Array[] = [];
      acknowledgedUpTo = 0;
      override send(data: unknown, ...rest: unknown[]): void {
        const payload = countedPayload(data);
        if (payload) this.counted.push(payload);
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    }
    this.provider = new WebsocketProvider(urls[first % urls.length]!, docName, this.doc, {
      WebSocketPolyfill: CountingSocket as unknown as typeof globalThis.WebSocket,
      params: { token, v: '1' },
      disableBc: true,
      maxBackoffTime: 300,
    });
    this.provider.messageHandlers[MessageType.persisted] = (_encoder, decoder, provider) => {
      const socket = provider.ws as unknown as CountingSocket | null;
      const upTo = decoding.readVarUint(decoder);
      if (!socket) return;
      for (const frame of socket.counted.slice(socket.acknowledgedUpTo, upTo)) this.acknowledge(frame);
      socket.acknowledgedUpTo = Math.max(socket.acknowledgedUpTo, upTo);
    };
    this.provider.on('connection-close', (event) => {
      this.closes.push(event?.code ?? 0);
      this.next += 1;
      this.provider.serverUrl = this.urls[this.next % this.urls.length]!;
    });
  }

  /** One keystroke's worth: a new uniquely named element, sent at once when connected. */
  type(): string {
    const id = `${this.name}-${this.typed.length + 1}`;
    const clock = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    this.unacknowledged.set(clock, id);
    this.typed.push(id);
    this.doc.getArray<string>(EDITS).push([id]);
    return id;
  }

  /** Every element in the document, sorted (order differs by concurrency, contents must not). */
  contents(): string[] {
    return [...this.doc.getArray<string>(EDITS).toArray()].sort();
  }

  /** What this client typed that no *persisted* covered yet. */
  get unsaved(): string[] {
    return [...this.unacknowledged.values()];
  }

  /** Whether everything this client typed was acknowledged ("Saved to cloud"). */
  get allSaved(): boolean {
    return this.unacknowledged.size === 0;
  }

  get synced(): boolean {
    return this.provider.synced;
  }

  /** The node URL the provider uses now. */
  get serverUrl(): string {
    return this.provider.serverUrl;
  }

  destroy(): void {
    this.provider.destroy();
  }

  private acknowledge(frame: Uint8Array): void {
    for (const struct of Y.decodeUpdate(frame).structs) {
      if (struct.id.client !== this.doc.clientID) continue;
      for (const [clock, id] of this.unacknowledged) {
        if (clock >= struct.id.clock && clock < struct.id.clock + struct.length) {
          this.unacknowledged.delete(clock);
          this.acknowledged.add(id);
        }
      }
    }
  }
}

/** Sorted elements of the document as storage has it (snapshot + log tail). */
export function storedContents(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string[] {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  const contents = [...doc.getArray<string>(EDITS).toArray()].sort();
  doc.destroy();
  return contents;
}

/** The Yjs update in a frame the *persisted* counter counts (step 2 or update), else null. */
function countedPayload(data: unknown): Uint8Array | null {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : null;
  if (!bytes) return null;
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
  const step = decoding.readVarUint(decoder);
  if (step !== SyncStep.step2 && step !== SyncStep.update) return null;
  return decoding.readVarUint8Array(decoder);
}
