import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AwarenessEntry } from '../protocol/frames.ts';
import { caretState } from '../testing/presenceClients.ts';
import { gateChapterAwareness } from './chapterAwarenessGate.ts';
import { gatePresence, MAX_PRESENCE_CLIENTS_PER_CONNECTION } from './presenceGate.ts';

const state = (userId: string) => ({
  user: { id: userId, name: 'Someone', color: '#1f4e79' },
  chapterId: null,
  activity: 'viewing',
});

const entryArb: fc.Arbitrary<AwarenessEntry> = fc.record({
  clientId: fc.integer({ min: 1, max: 8 }),
  clock: fc.integer({ min: 0, max: 5 }),
  state: fc.oneof(
    fc.constant(null),
    fc.constantFrom('me', 'other').map(state),
    fc.constant({ user: 'me' }),
    fc.constant(state('me')).map((s) => ({ ...s, extra: 'x'.repeat(2000) })),
  ),
});

describe('presence gate', () => {
  it('relays only the token user’s states, on ids this connection owns or one fresh id, never someone else’s', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 12 }),
        fc.subarray([1, 2, 3]),
        fc.dictionary(fc.constantFrom('1', '2', '3', '4', '5'), fc.integer({ min: 0, max: 5 })),
        (entries, ownedIds, clocks) => {
          const owned = new Set(ownedIds.slice(0, MAX_PRESENCE_CLIENTS_PER_CONNECTION));
          const known = (id: number) => clocks[String(id)] ?? (owned.has(id) ? 0 : undefined);
          const { accepted } = gatePresence(entries, { userId: 'me', owned, knownClock: known });
          const fresh = new Set<number>();
          for (const entry of accepted) {
            if (entry.state !== null) expect((entry.state as { user: { id: string } }).user.id).toBe('me');
            else expect(owned.has(entry.clientId)).toBe(true);
            if (!owned.has(entry.clientId)) {
              expect(known(entry.clientId)).toBeUndefined();
              fresh.add(entry.clientId);
            }
          }
          expect(owned.size + fresh.size).toBeLessThanOrEqual(
            Math.max(owned.size, MAX_PRESENCE_CLIENTS_PER_CONNECTION),
          );
        },
      ),
    );
  });

  it('drops echoes of others’ states silently and counts attempts to change them', () => {
    const verdict = gatePresence(
      [
        { clientId: 5, clock: 3, state: state('other') },
        { clientId: 5, clock: 4, state: state('me') },
        { clientId: 6, clock: 1, state: state('other') },
        { clientId: 7, clock: 1, state: state('me') },
        { clientId: 8, clock: 1, state: state('me') },
      ],
      { userId: 'me', owned: new Set(), knownClock: (id) => (id === 5 ? 3 : undefined) },
    );
    expect(verdict.accepted.map((e) => e.clientId)).toEqual([7]);
    expect(verdict.refused).toEqual([
      'presence_foreign_client',
      'presence_spoofed',
      'presence_too_many_clients',
    ]);
  });

  it('re-encodes the parsed state, not what the client sent', () => {
    const sent = { ...state('me'), user: { id: 'me', name: '  Ana  ', color: '#1f4e79' } };
    const { accepted } = gatePresence([{ clientId: 1, clock: 1, state: sent }], {
      userId: 'me',
      owned: new Set(),
      knownClock: () => undefined,
    });
    expect(accepted[0]?.state).toEqual({ ...state('me'), user: { id: 'me', name: 'Ana', color: '#1f4e79' } });
  });
});

describe('chapter awareness gate', () => {
  const atRoot = { type: null, tname: 'default', item: null, assoc: -1 };
  const inText = { type: null, tname: null, item: { client: 12, clock: 4 }, assoc: -1 };
  const fresh = { userId: 'me', owned: new Set<number>(), knownClock: () => undefined };

  it('relays the caret states the editor publishes, before and after it has a cursor', () => {
    const states = [caretState('me'), caretState('me', { anchor: atRoot, head: inText })];
    const { user } = caretState('me');
    states.push({ user }, { user, cursor: null });
    for (const state of states) {
      expect(gateChapterAwareness([{ clientId: 1, clock: 1, state }], fresh)).toEqual({
        accepted: [{ clientId: 1, clock: 1, state }],
        refused: [],
      });
    }
  });

  it('refuses another user’s caret, a caret without an id, stray fields and a caret too large', () => {
    const { user } = caretState('me');
    const { refused, accepted } = gateChapterAwareness(
      [
        { clientId: 1, clock: 1, state: caretState('other') },
        { clientId: 1, clock: 2, state: { user: { name: user.name, color: user.color } } },
        { clientId: 1, clock: 3, state: { user, cursor: null, note: 'x' } },
        {
          clientId: 1,
          clock: 4,
          state: { user, cursor: { anchor: atRoot, head: { ...atRoot, tname: 'x'.repeat(2000) } } },
        },
        { clientId: 1, clock: 5, state: caretState('me') },
      ],
      fresh,
    );
    expect(refused).toEqual([
      'awareness_spoofed',
      'awareness_invalid_state',
      'awareness_invalid_state',
      'awareness_invalid_state',
    ]);
    expect(accepted).toEqual([{ clientId: 1, clock: 5, state: caretState('me') }]);
  });

  it('leaves someone else’s caret alone: a newer clock is refused, the same clock is an echo', () => {
    const { accepted, refused } = gateChapterAwareness(
      [
        { clientId: 5, clock: 3, state: caretState('other') },
        { clientId: 5, clock: 4, state: caretState('me') },
        { clientId: 5, clock: 5, state: null },
      ],
      { userId: 'me', owned: new Set(), knownClock: (id) => (id === 5 ? 3 : undefined) },
    );
    expect(accepted).toEqual([]);
    expect(refused).toEqual(['awareness_foreign_client', 'awareness_foreign_client']);
  });
});
