import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Proxies WebSocket upgrades on /sync to the sync server, so the client sees one origin. The upgrade
 * request is replayed byte for byte (plus X-Forwarded-For) and then both sockets are piped: the api
 * never parses sync frames, so it adds no latency beyond one TCP hop.
 */
export function proxyUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, upstreamUrl: string): void {
  const upstream = new URL(upstreamUrl);
  const target: Socket = connect(Number(upstream.port || 80), upstream.hostname);
  const fail = () => {
    if (!client.destroyed)
      client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    target.destroy();
  };
  target.once('error', fail);
  client.once('error', () => target.destroy());
  target.once('connect', () => {
    target.off('error', fail);
    target.on('error', () => client.destroy());
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? '';
      if (name.toLowerCase() === 'x-forwarded-for') continue;
      lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`);
    }
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    lines.push(`X-Forwarded-For: ${forwarded}`);
    target.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) target.write(head);
    target.pipe(client);
    client.pipe(target);
    // Either side closing ends the other: no half-open sockets pile up.
    target.once('close', () => client.destroy());
    client.once('close', () => target.destroy());
  });
}
