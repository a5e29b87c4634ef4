import { encodePersisted, isCountedClientUpdate } from '@galley/shared/sync/persisted';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { countedFrameKind } from './countingWebSocket.ts';

function syncFrame(write: (encoder: encoding.Encoder, doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  write(encoder, doc);
  return encoding.toUint8Array(encoder);
}

describe('countedFrameKind', () => {
  const step1 = syncFrame((e, d) => syncProtocol.writeSyncStep1(e, d));
  const step2 = syncFrame((e, d) => syncProtocol.writeSyncStep2(e, d));
  const update = syncFrame((e, d) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(d)));
  const awareness = Uint8Array.from([1, 1, 0]);
  const auth = Uint8Array.from([2, 1, 3, 97, 98, 99]);

  it('counts the step 2 and update frames the provider writes, as the server does', () => {
    expect(countedFrameKind(step1)).toBeNull();
    expect(countedFrameKind(step2)).toBe('step2');
    expect(countedFrameKind(update)).toBe('update');
    for (const frame of [step1, step2, update, awareness, auth])
      expect(countedFrameKind(frame) !== null).toBe(isCountedClientUpdate(frame));
  });

  it('ignores other messages and garbage', () => {
    expect(countedFrameKind(awareness)).toBeNull();
    expect(countedFrameKind(auth)).toBeNull();
    expect(countedFrameKind(encodePersisted(5))).toBeNull();
    expect(countedFrameKind(new Uint8Array())).toBeNull();
    expect(countedFrameKind(Uint8Array.from([0xff]))).toBeNull();
  });
});
