import { describe, expect, it, vi } from 'vitest';
import type { Fanout } from '../fanout/fanout.ts';
import { createInProcessFanoutHub } from '../fanout/inProcessFanout.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/loss';

/** A fan-out node whose outgoing updates can be lost, as Redis loses them while reconnecting. */
function lossy(node: Fanout): Fanout & { losing: boolean } {
  const wrapper = {
    ...node,
    losing: false,
    publish(docName: string, message: Parameters<Fanout['publish']>[1]) {
      if (!wrapper.losing) node.publish(docName, message);
    },
  };
  return wrapper;
}

describe('a fan-out message lost without a reconnect to say so', () => {
  it('the next update that depends on it makes the room read the log, and its clients get both', async () => {
    const storage = createMemoryDocStorage();
    const hub = createInProcessFanoutHub();
    const fanoutA = lossy(hub.node());
    const roomA = await DocRoom.load(DOC, roomOptions({ storage, fanout: fanoutA }));
    const roomB = await DocRoom.load(DOC, roomOptions({ storage, fanout: hub.node() }));
    const author = new RoomClient(roomA);
    const reader = new RoomClient(roomB);

    fanoutA.losing = true;
    author.edit((doc) => doc.getArray('a').push(['lost on the way']));
    await roomA.flush();
    fanoutA.losing = false;
    author.edit((doc) => doc.getArray('a').push(['arrives']));

    await vi.waitFor(() => {
      reader.drain();
      expect(reader.doc.getArray('a').toArray()).toEqual(['lost on the way', 'arrives']);
    });
  });
});
