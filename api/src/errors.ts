import { ErrorCode } from '@galley/shared/errors';

/**
 * Errors that reach the client. Each has an HTTP status and a stable `code`;
 * the error middleware turns them into `{ error: { code, message, details } }`.
 * Anything that is not an AppError becomes `internal_error` and is logged once.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 428 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

export class ValidationError extends AppError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(400, ErrorCode.validationFailed, message, { issues });
  }
  static field(path: string, message: string, code?: string): ValidationError {
    return new ValidationError(`${path}: ${message}`, [{ path, message, ...(code ? { code } : {}) }]);
  }
}

export class MalformedJsonError extends AppError {
  constructor() {
    super(400, ErrorCode.malformedJson, 'The request body is not valid JSON.');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, ErrorCode.payloadTooLarge, `The request body is larger than ${limitBytes} bytes.`, {
      limitBytes,
    });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(expected: string) {
    super(415, ErrorCode.unsupportedMediaType, `Expected a ${expected} body.`);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.', code: string = ErrorCode.unauthenticated) {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You may not do this.', code: string = ErrorCode.forbidden, details?: unknown) {
    super(403, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, ErrorCode.notFound, `${what} was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: string = ErrorCode.conflict, details?: unknown) {
    super(409, code, message, details);
  }
}

/** The thing existed but is gone for good (e.g. a book deleted more than 30 days ago). */
export class GoneError extends AppError {
  constructor(message: string) {
    super(410, ErrorCode.gone, message);
  }
}

/** A write that must say which version it changes (If-Match or `version`) did not. */
export class PreconditionRequiredError extends AppError {
  constructor(message = 'Send the version you are changing as If-Match: "<version>" or a `version` field.') {
    super(428, ErrorCode.preconditionRequired, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(
    retryAfterSeconds: number,
    code: string = ErrorCode.rateLimited,
    message = 'Too many requests.',
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      429,
      code,
      `${message} Try again in ${seconds} s.`,
      { retryAfterSeconds: seconds },
      {
        'Retry-After': String(seconds),
      },
    );
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(503, ErrorCode.unavailable, message, details);
  }
}

/** An uploaded file that is not what it must be; `code` names why (`not_an_image`, `too_large`, …). */
export class MediaRejectedError extends AppError {
  constructor(reason: string, message: string, details?: unknown) {
    super(422, reason, message, details);
  }
}
