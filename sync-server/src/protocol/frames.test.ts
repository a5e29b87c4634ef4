import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAuthToken, encodeAwareness, encodeUpdate, parseClientFrame } from './frames.ts';

const LIMIT = 1 << 20;
const KNOWN_CODES = new Set<number>([SyncCloseCode.badRequest, SyncCloseCode.messageTooLarge]);

function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('default').insert(0, [new Y.XmlText('hello world')]);
  doc.getMap('comments').set('t1', 'a thread');
  doc.getXmlFragment('default').delete(0, 1);
  return Y.encodeStateAsUpdate(doc);
}

function awarenessFrame(): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, 42);
  encoding.writeVarUint(inner, 3);
  encoding.writeVarString(inner, JSON.stringify({ user: { name: 'Ada' } }));
  return encodeAwareness(encoding.toUint8Array(inner));
}

describe('parseClientFrame', () => {
  it('decodes each message type', () => {
    const update = sampleUpdate();
    const parsed = parseClientFrame(encodeUpdate(update), LIMIT);
    // sampleUpdate's one client wrote clocks 0–12 (the XmlText, 11 characters, the map entry) and deleted one.
    const [client] = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys();
    expect(parsed).toEqual({
      ok: true,
      frame: { type: 'update', update, summary: { ends: new Map([[client, 13]]), deletes: true } },
    });
    // Deletions are not in state vectors: the summary says whether the update has any.
    const insertOnly = new Y.Doc();
    insertOnly.getText('t').insert(0, 'ab');
    const insertParsed = parseClientFrame(encodeUpdate(Y.encodeStateAsUpdate(insertOnly)), LIMIT);
    expect(insertParsed.ok && 'summary' in insertParsed.frame && insertParsed.frame.summary).toEqual({
      ends: new Map([[insertOnly.clientID, 2]]),
      deletes: false,
    });
    expect(parseClientFrame(encodeAuthToken('abc'), LIMIT)).toEqual({
      ok: true,
      frame: { type: 'authToken', token: 'abc' },
    });
    const awareness = parseClientFrame(awarenessFrame(), LIMIT);
    expect(awareness.ok && awareness.frame.type === 'awareness' && awareness.frame.entries).toEqual([
      { clientId: 42, clock: 3, state: { user: { name: 'Ada' } } },
    ]);
    expect(parseClientFrame(Uint8Array.of(3), LIMIT)).toEqual({
      ok: true,
      frame: { type: 'queryAwareness' },
    });
  });

  it('turns garbage, truncation, unknown types and oversize frames into typed errors', () => {
    const frame = encodeUpdate(sampleUpdate());
    expect(parseClientFrame(Uint8Array.of(0xff, 0xff, 0xff), LIMIT)).toMatchObject({ ok: false });
    expect(parseClientFrame(frame.slice(0, frame.length - 3), LIMIT)).toEqual({
      ok: false,
      error: { code: SyncCloseCode.badRequest, reason: 'malformed_frame' },
    });
    expect(parseClientFrame(Uint8Array.of(7), LIMIT)).toEqual({
      ok: false,
      error: { code: SyncCloseCode.badRequest, reason: 'unknown_message_type' },
    });
    expect(parseClientFrame(Uint8Array.of(100, 1), LIMIT)).toMatchObject({ ok: false });
    expect(parseClientFrame(Uint8Array.of(3, 0), LIMIT)).toMatchObject({ ok: false });
    expect(parseClientFrame(new Uint8Array(LIMIT + 1), LIMIT)).toEqual({
      ok: false,
      error: { code: SyncCloseCode.messageTooLarge, reason: 'message_too_large' },
    });
  });

  it('never throws on random bytes, and what it accepts applies cleanly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expectSafe(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on mutated valid frames, and what it accepts applies cleanly', () => {
    const valid = [encodeUpdate(sampleUpdate()), awarenessFrame(), encodeAuthToken('token')];
    const mutation = fc.record({
      frame: fc.constantFrom(...valid),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          op: fc.constantFrom('flip', 'cut', 'insert', 'delete'),
          byte: fc.nat(255),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ frame, edits }) => {
        let bytes = [...frame];
        for (const { at, op, byte } of edits) {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          if (op === 'flip') bytes[i] = byte;
          else if (op === 'cut') bytes = bytes.slice(0, i);
          else if (op === 'insert') bytes.splice(i, 0, byte);
          else bytes.splice(i, 1);
        }
        expectSafe(Uint8Array.from(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});

function expectSafe(bytes: Uint8Array): void {
  const result = parseClientFrame(bytes, LIMIT);
  if (!result.ok) {
    expect(KNOWN_CODES.has(result.error.code)).toBe(true);
    return;
  }
  const { frame } = result;
  if (frame.type === 'update' || frame.type === 'syncStep2') {
    const doc = new Y.Doc();
    expect(() => Y.applyUpdate(doc, frame.update)).not.toThrow();
  }
}
