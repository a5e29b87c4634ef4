import { ErrorCode } from '@galley/shared/errors';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/appEnv.ts';

/** The one place errors become responses: `{ error: { code, message, details? } }`. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof AppError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    if (error.status >= 500) c.var.log?.error({ err: error }, 'request failed');
    return c.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      },
      error.status,
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Raised by Hono itself (e.g. its own validators); keep the status, give it a stable code.
    const code =
      error.status === 400
        ? ErrorCode.malformedJson
        : error.status === 413
          ? ErrorCode.payloadTooLarge
          : 'http_error';
    return c.json({ error: { code, message: error.message || 'Bad request.' } }, error.status);
  }
  (c.var.log ?? console).error({ err: error }, 'unhandled error');
  return c.json(
    { error: { code: ErrorCode.internalError, message: 'Something went wrong on our side.' } },
    500,
  );
}

export function handleNotFound(c: Context<AppEnv>): Response {
  return c.json(
    { error: { code: ErrorCode.notFound, message: `No route for ${c.req.method} ${c.req.path}.` } },
    404,
  );
}
