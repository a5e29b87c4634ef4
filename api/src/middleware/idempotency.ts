import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ErrorCode } from '@galley/shared/errors';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import { AppError, ValidationError } from '../errors.ts';
import type { AppEnv } from '../http/appEnv.ts';
import { keys } from '../store/keys.ts';
import { TTL_ATTRIBUTE } from '../store/tableDefinition.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_FORMAT = /^[A-Za-z0-9_-]{8,128}$/;
/** How long a key answers replays: longer than any outbox waits offline before it gives up. */
export const IDEMPOTENCY_RETENTION_SECONDS = 7 * 24 * 3600;
/** A request still "in progress" after this is taken to have crashed, and a retry may run it again. */
const IN_PROGRESS_LEASE_MS = 60_000;
/**
 * Bigger answers are not kept (DynamoDB items stop at 400 KB): the key is freed and a repeat runs
 * again, where the version precondition every update carries turns a second run into a 409.
 */
const MAX_STORED_BODY_BYTES = 256 * 1024;
/** Answers about the caller's credentials or load, not about the request: never replayed. */
const NOT_STORED = new Set([401, 403, 408, 429]);
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

interface StoredRequest {
  fingerprint: string;
  state: 'in_progress' | 'done';
  leaseUntil?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * `Idempotency-Key` on a write makes it safe to send again: the offline outbox replays writes after a
 * lost answer, and the second send must not create a second chapter. The first request with a key
 * claims it (conditional put), runs, and stores its answer; a repeat with the same body gets that
 * answer again (`Idempotent-Replayed: true`), a repeat with another body is 422, and a repeat while
 * the first still runs is 409 with Retry-After. Keys belong to the signed-in user.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !WRITES.has(c.req.method) || !c.var.auth) return next();
    if (!KEY_FORMAT.test(key)) {
      throw new ValidationError('Idempotency-Key must be 8–128 letters, digits, - or _.', [
        { path: 'Idempotency-Key', message: 'has the wrong format', code: ErrorCode.invalidIdempotencyKey },
      ]);
    }
    const { ddb, table, now } = c.var.deps;
    const itemKey = keys.idempotencyKey(c.var.auth.sub, key);
    const body = await c.req.text();
    // The precondition is part of the request: the same edit on another version is another request.
    const precondition = c.req.header('if-match') ?? '';
    const fingerprint = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${precondition}\n${body}`)
      .digest('hex');

    const claimed = await claim(c.var.deps, itemKey, fingerprint);
    if (!claimed) {
      const stored = (
        await ddb.send(new GetCommand({ TableName: table, Key: itemKey, ConsistentRead: true }))
      ).Item as StoredRequest | undefined;
      if (stored && stored.fingerprint !== fingerprint) {
        throw new AppError(
          422,
          ErrorCode.idempotencyKeyReused,
          'This Idempotency-Key was used for a different request.',
        );
      }
      if (stored?.state === 'done') return replay(stored);
      const retryIn = Math.max(1, Math.ceil(((stored?.leaseUntil ?? now()) - now()) / 1000));
      throw new AppError(
        409,
        ErrorCode.idempotencyInProgress,
        'The same request is still being handled.',
        undefined,
        {
          'Retry-After': String(retryIn),
        },
      );
    }

    await next();
    const status = c.res.status;
    const answer = await c.res.clone().text();
    if (status >= 500 || NOT_STORED.has(status) || Buffer.byteLength(answer) > MAX_STORED_BODY_BYTES) {
      // Nothing was done, nothing we may repeat, or too big to keep: free the key so a retry runs for real.
      await ddb.send(new DeleteCommand({ TableName: table, Key: itemKey }));
      return;
    }
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = c.res.headers.get(name);
        return value === null ? [] : [[name, value]];
      }),
    );
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...itemKey,
          fingerprint,
          state: 'done',
          status,
          headers,
          body: answer,
          [TTL_ATTRIBUTE]: Math.floor(now() / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
        },
      }),
    );
  };
}

/** Takes the key for this request; false when another request holds it (or held it and finished). */
async function claim(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  itemKey: { PK: string; SK: string },
  fingerprint: string,
): Promise<boolean> {
  const now = deps.now();
  try {
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...itemKey,
          fingerprint,
          state: 'in_progress',
          leaseUntil: now + IN_PROGRESS_LEASE_MS,
          [TTL_ATTRIBUTE]: Math.floor(now / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
        },
        // A crashed first attempt leaves an expired lease behind; it must not block the key forever.
        ConditionExpression:
          'attribute_not_exists(PK) OR (#state = :progress AND leaseUntil < :now AND fingerprint = :fp)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':progress': 'in_progress', ':now': now, ':fp': fingerprint },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

function replay(stored: StoredRequest): Response {
  return new Response(stored.body === '' ? null : (stored.body ?? null), {
    status: stored.status ?? 200,
    headers: { ...stored.headers, 'Idempotent-Replayed': 'true' },
  });
}
