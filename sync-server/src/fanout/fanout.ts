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

export type FanoutHandler = (message: FanoutMessage) => void;

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

/** Wire format: `[u8 nodeIdLength][nodeId utf8][u8 kind][payload]`. */
export function encodeFanout(nodeId: string, message: FanoutMessage): Buffer {
  const id = Buffer.from(nodeId, 'utf8');
  return Buffer.concat([Buffer.of(id.length), id, Buffer.of(KINDS.indexOf(message.kind)), message.payload]);
}

export function decodeFanout(frame: Buffer): { nodeId: string; message: FanoutMessage } | null {
  if (frame.length < 2) return null;
  const idLength = frame[0]!;
  const kind = KINDS[frame[1 + idLength] ?? -1];
  if (!kind || frame.length < idLength + 2) return null;
  return {
    nodeId: frame.subarray(1, 1 + idLength).toString('utf8'),
    message: { kind, payload: new Uint8Array(frame.subarray(idLength + 2)) },
  };
}
