import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './appEnv.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Paths the single-page app never owns: they fall through to the api's own 404. */
const NOT_APP = /^\/(api|sync|metrics|dev)(\/|$)/;

/**
 * Serves the built client (client/dist) at the same origin as the api. Hashed assets are cached for a
 * year; index.html and the service worker are revalidated every time so an update is seen at once.
 * Unknown app paths get index.html, so deep links and reloads work (the router takes over).
 */
export function serveClient(root: string): MiddlewareHandler<AppEnv> {
  const base = normalize(root + sep);
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || NOT_APP.test(c.req.path)) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    const candidate = normalize(join(base, relative));
    // normalize() resolves `..`; anything that lands outside the dist folder is refused.
    const file =
      candidate.startsWith(base) && (await isFile(candidate)) ? candidate : join(base, 'index.html');
    if (!(await isFile(file))) return next();
    const name = file.slice(base.length);
    const immutable = name.startsWith('assets/');
    c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (c.req.method === 'HEAD') return c.body(null);
    return c.body(new Uint8Array(await readFile(file)));
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
