import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePersisted, encodePersisted, isCountedClientUpdate } from './persisted.ts';

describe('persisted message', () => {
  it('round-trips every counter value', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(decodePersisted(encodePersisted(n))).toEqual({ type: 'persisted', upTo: n });
      }),
    );
  });

  it('uses the lib0 varUint layout', () => {
    expect([...encodePersisted(5)]).toEqual([100, 5]);
    expect([...encodePersisted(300)]).toEqual([100, 0xac, 0x02]);
  });

  it('rejects other messages, truncated and trailing bytes', () => {
    expect(decodePersisted(Uint8Array.of(0, 5))).toBeNull();
    expect(decodePersisted(Uint8Array.of(100))).toBeNull();
    expect(decodePersisted(Uint8Array.of(100, 0x80))).toBeNull();
    expect(decodePersisted(Uint8Array.of(100, 1, 2))).toBeNull();
    expect(() => encodePersisted(-1)).toThrow();
  });

  it('counts sync step 2 and update frames only', () => {
    expect(isCountedClientUpdate(Uint8Array.of(0, 0, 0))).toBe(false);
    expect(isCountedClientUpdate(Uint8Array.of(0, 1, 0))).toBe(true);
    expect(isCountedClientUpdate(Uint8Array.of(0, 2, 0))).toBe(true);
    expect(isCountedClientUpdate(Uint8Array.of(1, 0))).toBe(false);
  });
});
