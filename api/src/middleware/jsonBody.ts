import type { MiddlewareHandler } from 'hono';
import { MalformedJsonError, UnsupportedMediaTypeError } from '../errors.ts';
import type { AppEnv } from '../http/appEnv.ts';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The api speaks JSON only. A body with another content type is 415; a JSON body that does not parse
 * is 400 `malformed_json` before any handler or validator sees it. Hono caches the parsed body, so
 * validators read it again for free.
 */
export function jsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!WITH_BODY.has(c.req.method)) return next();
    // Request.body is null when nothing was sent, whatever the framing (Content-Length or chunked).
    if (c.req.raw.body === null || c.req.header('content-length') === '0') return next();
    const type = c.req.header('content-type') ?? '';
    // Node's adapter gives every DELETE a body stream, and browsers send a body-less DELETE with no
    // Content-Length: with no type either, read it to tell "sent nothing" from "sent something untyped".
    if (type === '' && (await c.req.text()) === '') return next();
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type))
      throw new UnsupportedMediaTypeError('application/json');
    try {
      await c.req.json();
    } catch {
      throw new MalformedJsonError();
    }
    return next();
  };
}
