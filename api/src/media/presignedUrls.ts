import { timingSafeEqual } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AppDeps } from '../deps.ts';

type PresignDeps = Pick<AppDeps, 's3' | 'env'>;

/**
 * Presigned S3 URLs, made with the SDK's own SigV4 signer (`@aws-sdk/s3-request-presigner` is not
 * installed; `@smithy/signature-v4` is what it wraps). Where the URL points:
 *
 * - `S3_PUBLIC_URL` is a path (`/s3`, local): the api's own origin plus that path. The api serves the
 *   path itself (http/s3Proxy.ts), checks the signature and forwards to `S3_ENDPOINT`, so the browser
 *   talks to one origin and CSP `connect-src 'self'` holds.
 * - `S3_PUBLIC_URL` is an absolute URL (e.g. a CloudFront path in front of the bucket): that base.
 * - otherwise `S3_ENDPOINT` (path style), or in AWS the bucket's virtual-hosted endpoint.
 */
export interface PresignRequest {
  method: 'PUT' | 'GET';
  bucket: string;
  key: string;
  /** Headers the caller must send unchanged (content-type, content-length): they are signed. */
  headers?: Record<string, string>;
  expiresInSeconds: number;
  /** The origin the request came to; used when `S3_PUBLIC_URL` is a path. */
  requestOrigin: string;
}

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const SHA256_HEADER = 'x-amz-content-sha256';

function signerFor(s3: S3Client): SignatureV4 {
  return new SignatureV4({
    credentials: s3.config.credentials,
    region: s3.config.region,
    service: 's3',
    sha256: s3.config.sha256,
    // S3 signs the path as sent (no double escaping) and accepts an unsigned body on presigned URLs.
    uriEscapePath: false,
    applyChecksum: false,
  });
}

/** The base (scheme, host, path prefix) an object URL starts with, before `/<key>`. */
export async function objectBaseUrl(deps: PresignDeps, bucket: string, requestOrigin: string): Promise<URL> {
  const publicUrl = deps.env.S3_PUBLIC_URL;
  if (publicUrl?.startsWith('/')) return new URL(`${requestOrigin}${publicUrl.replace(/\/$/, '')}/${bucket}`);
  if (publicUrl) return new URL(`${publicUrl.replace(/\/$/, '')}/${bucket}`);
  if (deps.env.S3_ENDPOINT) return new URL(`${deps.env.S3_ENDPOINT.replace(/\/$/, '')}/${bucket}`);
  const region = await deps.s3.config.region();
  return new URL(`https://${bucket}.s3.${region}.amazonaws.com`);
}

interface SignInput {
  method: string;
  url: URL;
  headers: Record<string, string>;
  signingDate: Date;
  expiresInSeconds: number;
}

async function signedQuery(s3: S3Client, input: SignInput): Promise<Record<string, string>> {
  const { url } = input;
  const presigned = await signerFor(s3).presign(
    {
      method: input.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { ...input.headers, host: url.host, [SHA256_HEADER]: UNSIGNED_PAYLOAD },
    },
    { signingDate: input.signingDate, expiresIn: input.expiresInSeconds },
  );
  return presigned.query as Record<string, string>;
}

function withQuery(url: URL, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${url.origin}${url.pathname}?${search}`;
}

export async function presignObjectUrl(
  deps: PresignDeps,
  request: PresignRequest,
  signingDate = new Date(),
): Promise<{ url: string; expiresAt: string }> {
  const base = await objectBaseUrl(deps, request.bucket, request.requestOrigin);
  const url = new URL(`${base.href.replace(/\/$/, '')}/${request.key}`);
  const query = await signedQuery(deps.s3, {
    method: request.method,
    url,
    headers: request.headers ?? {},
    signingDate,
    expiresInSeconds: request.expiresInSeconds,
  });
  const expiresAt = new Date(signingDate.getTime() + request.expiresInSeconds * 1000).toISOString();
  return { url: withQuery(url, query), expiresAt };
}

export type PresignCheck = { ok: true } | { ok: false; reason: 'unsigned' | 'expired' | 'mismatch' };

/** `20251125T150218Z` → Date. */
function parseAmzDate(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * Checks a request against its presigned query the way S3 would: the signature over method, host,
 * path and the signed headers, and the expiry. s3rver skips SigV4 checks entirely, so locally this is
 * the only thing that makes a presigned URL mean anything.
 */
export async function verifyPresignedRequest(
  s3: S3Client,
  request: { method: string; url: URL; header: (name: string) => string | undefined },
  now: number,
): Promise<PresignCheck> {
  const q = request.url.searchParams;
  const signature = q.get('X-Amz-Signature');
  const date = parseAmzDate(q.get('X-Amz-Date') ?? '');
  const expires = Number(q.get('X-Amz-Expires'));
  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  if (!signature || !date || !Number.isInteger(expires) || !signedHeaders.includes('host')) {
    return { ok: false, reason: 'unsigned' };
  }
  if (now > date.getTime() + expires * 1000 || date.getTime() > now + 60_000) {
    return { ok: false, reason: 'expired' };
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    if (name === 'host') continue;
    headers[name] = request.header(name) ?? '';
  }
  const url = new URL(`${request.url.origin}${request.url.pathname}`);
  const expected = await signedQuery(s3, {
    method: request.method,
    url,
    headers,
    signingDate: date,
    expiresInSeconds: expires,
  });
  const a = Buffer.from(expected['X-Amz-Signature'] ?? '');
  const b = Buffer.from(signature);
  const same =
    a.length === b.length &&
    timingSafeEqual(a, b) &&
    expected['X-Amz-SignedHeaders'] === q.get('X-Amz-SignedHeaders') &&
    expected['X-Amz-Credential'] === q.get('X-Amz-Credential');
  return same ? { ok: true } : { ok: false, reason: 'mismatch' };
}
