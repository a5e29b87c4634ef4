import { ApiErrorBodySchema, ErrorCode } from '@galley/shared/errors';

/** One bad field, as the api's zod edge reports it (`details.issues[]`). */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/** Codes the client itself produces when there is no api answer to read. */
export const ClientErrorCode = {
  network: 'network_error',
  badResponse: 'bad_response',
} as const;

/**
 * Every failed call ends as one of these. Screens branch on `code` (stable, from the api) and show
 * `message`; field errors go next to their inputs through `fieldMessage`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    readonly issues: FieldIssue[] = [],
    /** Seconds from Retry-After on 429/503, so the screen can say when to try again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one field (`email`, `profile.bio`), or undefined when that field is fine. */
  fieldMessage(path: string): string | undefined {
    return this.issues.find((issue) => issue.path === path)?.message;
  }

  get isNetworkError(): boolean {
    return this.code === ClientErrorCode.network;
  }
}

/** Turns a non-2xx response (status, raw body text, headers) into an ApiError, whatever the body holds. */
export function apiErrorFromResponse(status: number, bodyText: string, headers?: Headers): ApiError {
  const retryAfter = parseRetryAfter(headers?.get('retry-after') ?? null);
  let json: unknown;
  try {
    json = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = ApiErrorBodySchema.safeParse(json);
  if (!parsed.success) {
    // A proxy or gateway answered, not the api: keep the status, say something a person can act on.
    return new ApiError(
      status,
      status >= 500 ? ErrorCode.unavailable : ClientErrorCode.badResponse,
      status >= 500
        ? 'The server is not available right now. Try again shortly.'
        : `Unexpected response (${status}).`,
      undefined,
      [],
      retryAfter,
    );
  }
  const { code, message, details } = parsed.data.error;
  return new ApiError(status, code, message, details, issuesFrom(details), retryAfter);
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, ClientErrorCode.network, 'You appear to be offline. Check your connection.');
  error.cause = cause;
  return error;
}

function issuesFrom(details: unknown): FieldIssue[] {
  if (!details || typeof details !== 'object' || !('issues' in details) || !Array.isArray(details.issues)) {
    return [];
  }
  const issues: FieldIssue[] = [];
  for (const raw of details.issues as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const { path, message, code } = raw as Record<string, unknown>;
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    issues.push({ path, message, ...(typeof code === 'string' ? { code } : {}) });
  }
  return issues;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}
