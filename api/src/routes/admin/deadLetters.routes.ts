import {
  DeadLetterPageSchema,
  DeadLetterQuerySchema,
  DeadLetterSchema,
} from '@galley/shared/events/deadLetters';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import * as handlers from './deadLetters.handlers.ts';

const tags = ['admin'];
const security = [{ bearer: [] }];
const adminOnly =
  'Administrators with two-step verification on only (403 `forbidden` / `mfa_enrollment_required` otherwise).';
const DeadLetterIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a dead letter id');

export const listDeadLettersRoute = createRoute({
  method: 'get',
  path: '/api/admin/dead-letters',
  tags,
  security,
  summary: 'Events a consumer gave up on, newest first',
  description: `${adminOnly} Each dead letter is an event (search indexing, activity, …) that its consumer failed to handle after all its retries, with the last error. \`consumer\` narrows the list to one consumer.`,
  request: { query: DeadLetterQuerySchema },
  responses: {
    200: jsonResponse(DeadLetterPageSchema, 'A page of dead letters'),
    ...errorResponses(400, 401, 403, 429),
  },
});

export const replayDeadLetterRoute = createRoute({
  method: 'post',
  path: '/api/admin/dead-letters/{id}/replay',
  tags,
  security,
  summary: 'Hand a dead letter back to its consumer',
  description: `${adminOnly} The event goes to its consumer alone, once; the dead letter stays listed with \`replayedAt\`. If the consumer fails again, a new dead letter appears. Each replay is in the audit trail (\`dead_letter.replayed\`; a replay the bus refused adds an entry with outcome \`failure\`). 409 \`dead_letter_replayed\` if it was replayed already; 409 \`consumer_not_running\` when no node runs the consumer (one node without Redis).`,
  request: { params: z.object({ id: DeadLetterIdSchema }) },
  responses: {
    202: jsonResponse(DeadLetterSchema, 'The dead letter, marked replayed; the consumer handles it shortly'),
    ...errorResponses(401, 403, 404, 409, 429),
  },
});

export function registerDeadLetterRoutes(app: App): void {
  app.openapi(listDeadLettersRoute, handlers.listDeadLetters);
  app.openapi(replayDeadLetterRoute, handlers.replayDeadLetter);
}
