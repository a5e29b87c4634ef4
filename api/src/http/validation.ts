import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { type FieldIssue, ValidationError } from '../errors.ts';
import type { AppEnv } from './appEnv.ts';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
    const path =
      [...issue.path, ...(keys && keys.length === 1 ? keys : [])].map(String).join('.') || '(body)';
    // Custom checks (ISBN, relator codes, …) carry their stable code in params.code.
    const params = issue.code === 'custom' ? (issue as { params?: { code?: unknown } }).params : undefined;
    return {
      path,
      message: keys ? `unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''}` : issue.message,
      code: typeof params?.code === 'string' ? params.code : issue.code,
    };
  });
}

/** zod failures at the edge become one 400 `validation_failed` that names every bad field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    const issues = toFieldIssues(result.error as z.ZodError);
    const first = issues[0];
    throw new ValidationError(first ? `${first.path}: ${first.message}` : 'Invalid request.', issues);
  }
};

/** Parses with a schema outside the route layer (e.g. stored data, env) and throws the same 400. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    throw new ValidationError(
      issues[0] ? `${issues[0].path}: ${issues[0].message}` : 'Invalid input.',
      issues,
    );
  }
  return parsed.data;
}
