import { createHash, timingSafeEqual } from 'node:crypto';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Who may read /metrics (api and sync server alike). With METRICS_TOKEN set: only a request carrying
 * `Authorization: Bearer <token>`, as a Prometheus scrape job sends it. Without one (development and
 * tests; production refuses to start without it): only a peer on this machine. `peerAddress` must be
 * the socket's own address, never X-Forwarded-For, which anyone can write.
 */
export function mayReadMetrics(
  token: string | undefined,
  authorization: string | undefined,
  peerAddress: string | undefined,
): boolean {
  if (!token) return peerAddress !== undefined && LOOPBACK.has(peerAddress);
  const presented = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!presented) return false;
  // Digests have equal lengths, so timingSafeEqual never throws, and the time taken says nothing about
  // how much of the token, or how long a token, was right.
  return timingSafeEqual(digest(presented), digest(token));
}
