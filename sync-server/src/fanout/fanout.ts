/**
 * Cross-node fan-out of a document's live traffic. Each node applies and persists the updates of its
 * own clients and publishes them; other nodes apply what they receive and pass it to their clients but
 * never persist it again, so the log holds each update once.
 */
/** `stored`: a Yjs state vector of clocks the publisher's log now holds (see room/durableClocks.ts). */
export type FanoutKind = 'update' | 'awareness' | 'stored';

export interface FanoutMessage {
  kind: FanoutKind;
  payload: Uint8Array;
}

/**
 * `sentAtMs`: the publisher's wall clock when it published (epoch ms), for the fan-out lag metric.
 * Across machines it includes their clock difference, which NTP keeps to a few milliseconds.
 */
export type FanoutHandler = (message: FanoutMessage, sentAtMs: number) => void;

export interface Fanout {
  /** Messages other nodes publish for `docName` (never this node's own). Resolves once subscribed. */
  subscribe(docName: string, handler: FanoutHandler): Promise<() => Promise<void>>;
  /** Fire and forget: a lost message is repaired by the clients' resync and the storage catch-up. */
  publish(docName: string, message: FanoutMessage): void;
  /** Resolves once the transport can deliver both ways; a node serves only after it. */
  ready(): Promise<void>;
  /** Called after the transport lost messages (a Redis reconnect): rooms reload the log tail. */
  onResume(listener: () => void): void;
  close(): Promise<void>;
}

const KINDS: FanoutKind[] = ['update', 'awareness', 'stored'];

/** First byte of every frame: a node that meets another version drops the frame (clients resync). */
const FORMAT_VERSION = 1;

/** Wire format: `[u8 version][u8 nodeIdLength][nodeId utf8][u8 kind][f64 sentAtMs][payload]`. */
export function encodeFanout(nodeId: string, message: FanoutMessage, sentAtMs = Date.now()): Buffer {
  const id = Buffer.from(nodeId, 'utf8');
  const head = Buffer.alloc(2 + id.length + 1 + 8);
  head[0] = FORMAT_VERSION;
  head[1] = id.length;
  id.copy(head, 2);
  head[2 + id.length] = KINDS.indexOf(message.kind);
  head.writeDoubleBE(sentAtMs, 3 + id.length);
  return Buffer.concat([head, message.payload]);
}

export function decodeFanout(
  frame: Buffer,
): { nodeId: string; sentAtMs: number; message: FanoutMessage } | null {
  if (frame.length < 2 || frame[0] !== FORMAT_VERSION) return null;
  const idLength = frame[1]!;
  const payloadStart = 2 + idLength + 1 + 8;
  const kind = KINDS[frame[2 + idLength] ?? -1];
  if (!kind || frame.length < payloadStart) return null;
  return {
    nodeId: frame.subarray(2, 2 + idLength).toString('utf8'),
    sentAtMs: frame.readDoubleBE(3 + idLength),
    message: { kind, payload: new Uint8Array(frame.subarray(payloadStart)) },
  };
}
