import { ApiErrorBodySchema } from '@galley/shared/errors';
import type { z } from 'zod';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`validation_failed`, `malformed_json`, `weak_password`, …)',
  401: 'Not signed in, or the token/credentials are not valid',
  403: 'Signed in but not allowed (`step_up_required`, `invalid_credentials`, …)',
  404: 'Not found',
  409: 'Conflicts with the current state (`conflict`: `details.current` holds it where a version was stale)',
  410: 'Gone for good (`gone`)',
  413: 'Body larger than 1 MB',
  428: 'The write did not say which version it changes (`precondition_required`)',
  429: 'Too many requests; see Retry-After',
};

/** OpenAPI declarations for the standard error body, so every route documents its failure statuses. */
export function errorResponses(...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: ApiErrorBodySchema } },
      },
    ]),
  );
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}
