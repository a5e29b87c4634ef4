import { ErrorCode } from '@galley/shared/errors';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { ConsumerNotRunningError } from '../../events/eventBus.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAdmin } from '../../middleware/stepUp.ts';
import type * as routes from './deadLetters.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

export const listDeadLetters: Handler<'listDeadLettersRoute'> = async (c) => {
  requireAdmin(c);
  const { consumer, cursor, limit } = c.req.valid('query');
  return c.json(await c.var.deps.events.ledger.listDeadLetters({ consumer, cursor, limit }), 200);
};

/**
 * Marks the dead letter replayed first (conditionally: of two admins replaying at once, one does),
 * then hands the event to the bus; if the bus refuses, the mark is taken back so it can be tried again.
 */
export const replayDeadLetter: Handler<'replayDeadLetterRoute'> = async (c) => {
  const auth = requireAdmin(c);
  const { id } = c.req.valid('param');
  const { ledger, bus } = c.var.deps.events;
  const letter = await ledger.getDeadLetter(id);
  if (!letter) throw new NotFoundError('Dead letter');
  if (!(await ledger.claimReplay(id, auth.sub))) {
    throw new ConflictError('This dead letter was replayed already.', ErrorCode.deadLetterReplayed);
  }
  try {
    await bus.redeliver(letter.consumer, letter.event);
  } catch (error) {
    await ledger.releaseReplay(id);
    if (error instanceof ConsumerNotRunningError) {
      throw new ConflictError(
        `The consumer "${letter.consumer}" does not run on this server.`,
        ErrorCode.consumerNotRunning,
        { consumer: letter.consumer },
      );
    }
    throw error;
  }
  c.var.deps.log.info(
    { deadLetterId: id, consumer: letter.consumer, eventId: letter.event.id, by: auth.sub },
    'dead letter replayed',
  );
  return c.json((await ledger.getDeadLetter(id)) ?? letter, 202);
};
