import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../tests/support/testServer.ts';

describe('the HTTP server: api and client at one origin', () => {
  let server: { url: string; port: number; close(): Promise<void> };
  beforeAll(async () => {
    const parent = await mkdtemp(join(tmpdir(), 'galley-dist-'));
    const dist = join(parent, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Galley</title>');
    await writeFile(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    await writeFile(join(parent, 'secret.txt'), 'outside');
    server = await startTestServer({ env: { CLIENT_DIST_DIR: dist } });
  });
  afterAll(() => server.close());

  it('serves the api over a real socket', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves hashed assets as immutable and falls back to index.html for app routes', async () => {
    const asset = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    const deep = await fetch(`${server.url}/books/123`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toContain('<title>Galley</title>');
  });

  it('never serves files outside the client folder', async () => {
    const res = await fetch(`${server.url}/..%2fsecret.txt`);
    expect(await res.text()).not.toContain('outside');
  });

  it('keeps api 404s as JSON instead of the app shell', async () => {
    const res = await fetch(`${server.url}/api/does-not-exist`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers WebSocket upgrades on /sync with 503 until a sync server is configured', async () => {
    const { port } = server;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'GET /sync/book/x/chapter/y HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
      let data = '';
      socket.on('data', (d) => {
        data += d.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
  });
});
