import { describe, expect, it } from 'vitest';
import { CloudSaveTracker } from './cloudSaveTracker.ts';

describe('CloudSaveTracker', () => {
  it('counts nothing as saved until the step 2 that carries offline changes is acknowledged', () => {
    const tracker = new CloudSaveTracker(3);
    expect(tracker.waiting).toBe(3);
    const c = tracker.connectionOpened();
    tracker.localChange();
    tracker.frameSent(c, 'update'); // typed before the server's step 1 arrived: frame 1
    tracker.frameSent(c, 'step2'); // frame 2 carries the 3 stored changes and the new one
    expect(tracker.persisted(c, 1)).toBe(false);
    expect(tracker.waiting).toBe(4);
    expect(tracker.connectionSettled).toBe(false);
    expect(tracker.persisted(c, 2)).toBe(true);
    expect(tracker.waiting).toBe(0);
    expect(tracker.connectionSettled).toBe(true);
  });

  it('acknowledges update frames in order and never goes backwards', () => {
    const tracker = new CloudSaveTracker();
    const c = tracker.connectionOpened();
    tracker.frameSent(c, 'step2');
    for (let i = 0; i < 5; i++) {
      tracker.localChange();
      tracker.frameSent(c, 'update');
    }
    tracker.persisted(c, 4);
    expect(tracker.waiting).toBe(2);
    tracker.persisted(c, 2);
    expect(tracker.waiting).toBe(2);
    tracker.persisted(c, 6);
    expect(tracker.waiting).toBe(0);
  });

  it('restarts frame numbering on a new connection and ignores acks from the old one', () => {
    const tracker = new CloudSaveTracker();
    const first = tracker.connectionOpened();
    tracker.frameSent(first, 'step2');
    tracker.localChange();
    tracker.frameSent(first, 'update');
    const second = tracker.connectionOpened();
    expect(tracker.persisted(first, 2)).toBe(false);
    tracker.localChange(); // made while reconnecting, carried by the next step 2
    tracker.frameSent(second, 'step2');
    expect(tracker.waiting).toBe(2);
    tracker.persisted(second, 1);
    expect(tracker.waiting).toBe(0);
  });

  it('does not believe an upTo beyond the frames that were sent', () => {
    const tracker = new CloudSaveTracker();
    const c = tracker.connectionOpened();
    tracker.frameSent(c, 'step2');
    tracker.persisted(c, 10);
    tracker.localChange();
    tracker.frameSent(c, 'update');
    expect(tracker.connectionSettled).toBe(false);
    expect(tracker.waiting).toBe(1);
    tracker.persisted(c, 2);
    expect(tracker.waiting).toBe(0);
  });

  it('keeps changes made while disconnected waiting', () => {
    const tracker = new CloudSaveTracker();
    tracker.localChange();
    tracker.localChange();
    expect(tracker.waiting).toBe(2);
    expect(tracker.connectionSettled).toBe(false);
  });
});
