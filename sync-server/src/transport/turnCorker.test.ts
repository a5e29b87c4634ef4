import { connect, createServer, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type Corkable, TurnCorker } from './turnCorker.ts';

function countingSocket(): Corkable & { corks: number; uncorks: number; destroyed: boolean } {
  return {
    corks: 0,
    uncorks: 0,
    destroyed: false,
    cork() {
      this.corks += 1;
    },
    uncork() {
      this.uncorks += 1;
    },
  };
}

describe('TurnCorker', () => {
  it('corks each socket once per turn and uncorks it when the turn ends', async () => {
    const corker = new TurnCorker();
    const a = countingSocket();
    const b = countingSocket();
    corker.hold(a);
    corker.hold(a);
    corker.hold(b);
    expect([a.corks, a.uncorks, b.corks, b.uncorks]).toEqual([1, 0, 1, 0]);
    await nextTurn();
    expect([a.corks, a.uncorks, b.corks, b.uncorks]).toEqual([1, 1, 1, 1]);
    corker.hold(a);
    await nextTurn();
    expect([a.corks, a.uncorks]).toEqual([2, 2]);
  });

  it('leaves a socket destroyed meanwhile alone', async () => {
    const corker = new TurnCorker();
    const gone = countingSocket();
    corker.hold(gone);
    gone.destroyed = true;
    await nextTurn();
    expect(gone.uncorks).toBe(0);
  });

  it('delivers every byte of a turn’s writes, in order', async () => {
    const received: Buffer[] = [];
    let ended: () => void = () => undefined;
    const allReceived = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const server = createServer((socket) => {
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('end', ended);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const client: Socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    const corker = new TurnCorker();
    for (let i = 0; i < 100; i++) {
      corker.hold(client);
      client.write(Buffer.from([i]));
    }
    client.end();
    await allReceived;
    server.close();
    expect([...Buffer.concat(received)]).toEqual([...Array(100).keys()]);
  });
});
