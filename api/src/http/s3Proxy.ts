import type { Context } from 'hono';
import type { ApiEnv } from '../env.ts';
import { verifyPresignedRequest } from '../media/presignedUrls.ts';
import type { App, AppEnv } from './appEnv.ts';
import { requestOrigin } from './requestOrigin.ts';

/** The largest body worth forwarding: a cover (20 MB) plus slack; S3 itself enforces the signed length. */
const MAX_PROXIED_BODY = 21 * 1024 * 1024;
const FORWARDED_REQUEST_HEADERS = [
  'content-type',
  'content-length',
  'range',
  'if-none-match',
  'if-modified-since',
];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
];

const s3Error = (c: Context<AppEnv>, status: 403 | 404 | 413 | 502, code: string, message: string) =>
  c.body(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    status,
    {
      'content-type': 'application/xml',
    },
  );

/**
 * When `S3_PUBLIC_URL` is a path (`/s3`, as `npm start` sets it), serves presigned media URLs at the
 * api's own origin and forwards them to `S3_ENDPOINT` (s3rver), so the browser uploads and reads
 * images at the one URL the app is served from (CSP `connect-src 'self'`).
 *
 * s3rver accepts any SigV4 signature without checking it, and answers unsigned requests too, so this
 * proxy is where a presigned URL gets its meaning locally: only the media bucket, only GET/HEAD/PUT,
 * only requests whose signature (method, host, path, content type and length) and expiry verify with
 * the api's own credentials, exactly as S3 would check them. Everything else is a 403.
 */
export function registerS3Proxy(app: App, env: ApiEnv): void {
  const prefix = env.S3_PUBLIC_URL;
  const endpoint = env.S3_ENDPOINT;
  if (!prefix?.startsWith('/') || !endpoint) return;
  app.on(['GET', 'HEAD', 'PUT'], `${prefix}/*`, async (c) => {
    const { s3 } = c.var.deps;
    // Checked against the origin the URL was made for (the forwarded one behind our load balancer).
    const received = new URL(c.req.url);
    const url = new URL(`${requestOrigin(c)}${received.pathname}${received.search}`);
    const s3Path = url.pathname.slice(prefix.length);
    if (!s3Path.startsWith(`/${env.S3_MEDIA_BUCKET}/`))
      return s3Error(c, 404, 'NoSuchBucket', 'No such bucket.');
    const check = await verifyPresignedRequest(
      s3,
      { method: c.req.method, url, header: (name) => c.req.header(name) },
      c.var.deps.now(),
    );
    if (!check.ok) return s3Error(c, 403, 'AccessDenied', `Request refused: ${check.reason}.`);

    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_PROXIED_BODY) return s3Error(c, 413, 'EntityTooLarge', 'Body too large.');
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined && name !== 'content-length') headers.set(name, value);
    }
    // Buffered (bounded above): forwarding a stream would make fetch send it chunked, without the length.
    const body = c.req.method === 'PUT' ? await c.req.arrayBuffer() : undefined;
    if (body && body.byteLength !== declared)
      return s3Error(c, 403, 'AccessDenied', 'Length differs from signed length.');
    let upstream: Response;
    try {
      upstream = await fetch(`${endpoint.replace(/\/$/, '')}${s3Path}${url.search}`, {
        method: c.req.method,
        headers,
        ...(body ? { body } : {}),
      });
    } catch {
      return s3Error(c, 502, 'BadGateway', 'Storage is not reachable.');
    }
    const responseHeaders = new Headers({ 'cache-control': 'private, max-age=30' });
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) responseHeaders.set(name, value);
    }
    return new Response(c.req.method === 'HEAD' ? null : upstream.body, {
      status: upstream.status,
      headers: responseHeaders,
    });
  });
}
