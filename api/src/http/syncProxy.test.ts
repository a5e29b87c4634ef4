import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../tests/support/testServer.ts';

/** Sends a WebSocket upgrade over a raw socket, then `payload`; resolves with everything received. */
function upgradeAndSend(port: number, path: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n\r\n') && !data.includes(payload)) socket.write(payload);
      if (data.endsWith(payload) || (!data.startsWith('HTTP/1.1 101') && data.includes('\r\n\r\n'))) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('/sync upgrades are proxied to the sync server', () => {
  let upstream: Server;
  let server: { url: string; port: number; close(): Promise<void> };
  let close: () => Promise<void>;
  beforeAll(async () => {
    // A real upstream that completes the upgrade and echoes bytes, standing in for the sync server process.
    upstream = createServer();
    const upstreamSockets = new Set<import('node:stream').Duplex>();
    upstream.on('upgrade', (req, socket) => {
      upstreamSockets.add(socket);
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `X-Seen-Path: ${req.url}\r\nX-Seen-Forwarded-For: ${req.headers['x-forwarded-for']}\r\n\r\n`,
      );
      socket.on('data', (d) => socket.write(d));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    server = await startTestServer({ env: { SYNC_SERVER_URL: `http://127.0.0.1:${upstreamPort}` } });
    close = async () => {
      await server.close();
      for (const socket of upstreamSockets) socket.destroy();
      await new Promise((r) => upstream.close(r));
    };
  });
  afterAll(() => close());

  it('forwards the upgrade with path, query and client address, then pipes both ways', async () => {
    const reply = await upgradeAndSend(server.port, '/sync/book/b1/chapter/c1?token=abc&v=1', 'hello-frame');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    expect(reply).toContain('X-Seen-Path: /sync/book/b1/chapter/c1?token=abc&v=1');
    expect(reply).toContain('X-Seen-Forwarded-For: 127.0.0.1');
    expect(reply.endsWith('hello-frame')).toBe(true);
  });

  it('does not proxy upgrades on other paths', async () => {
    const reply = await upgradeAndSend(server.port, '/api/health', 'x');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
  });
});
