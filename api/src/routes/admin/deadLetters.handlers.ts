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
 * Marks the dead letter replayed first (conditionally: of two admins replaying at once, one does), in
 * the same transaction as its audit entry, so the trail holds every replay that happened and no other;
 * then hands the event to the bus. If the bus refuses, the mark is taken back, again with an entry
 * (outcome `failure`), so it can be tried again and the trail says why the first one did not count.
 */
export const replayDeadLetter: Handler<'replayDeadLetterRoute'> = async (c) => {
  const auth = requireAdmin(c);
  const { id } = c.req.valid('param');
  const { deps } = c.var;
  const { ledger, bus } = deps.events;
  const letter = await ledger.getDeadLetter(id);
  if (!letter) throw new NotFoundError('Dead letter');
  const entry = {
    action: 'dead_letter.replayed' as const,
    actorId: auth.sub,
    targetId: id,
    ip: c.var.clientIp,
    userAgent: c.req.header('user-agent') ?? '',
  };
  const facts = { consumer: letter.consumer, eventId: letter.event.id, eventType: letter.event.type };
  try {
    await deps.audit.record(
      { ...entry, outcome: 'success', details: facts },
      { with: [ledger.claimReplayItem(id, auth.sub)] },
    );
  } catch (error) {
    // The claim's condition failed: another admin replayed it first (or it expired meanwhile).
    if (!(error instanceof ConflictError)) throw error;
    throw new ConflictError('This dead letter was replayed already.', ErrorCode.deadLetterReplayed);
  }
  try {
    await bus.redeliver(letter.consumer, letter.event);
  } catch (error) {
    const notRunning = error instanceof ConsumerNotRunningError;
    await deps.audit.record(
      {
        ...entry,
        outcome: 'failure',
        details: { ...facts, reason: notRunning ? ErrorCode.consumerNotRunning : 'redelivery_failed' },
      },
      { with: [ledger.releaseReplayItem(id)] },
    );
    if (notRunning) {
      throw new ConflictError(
        `The consumer "${letter.consumer}" does not run on this server.`,
        ErrorCode.consumerNotRunning,
        { consumer: letter.consumer },
      );
    }
    throw error;
  }
  deps.log.info(
    { deadLetterId: id, consumer: letter.consumer, eventId: letter.event.id, by: auth.sub },
    'dead letter replayed',
  );
  return c.json((await ledger.getDeadLetter(id)) ?? letter, 202);
};
