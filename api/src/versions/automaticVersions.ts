import type { BookVersion } from '@galley/shared/api/versions';
import { statusLabel } from '@galley/shared/bookStatusLabels';
import { BookStatusChangedDataSchema, type DomainEvent } from '@galley/shared/events/domainEvents';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import type { EventHandler, Subscription } from '../events/eventBus.ts';
import { createBookVersion } from './bookVersionCreator.ts';

/** The consumer name on the event bus (a Redis consumer group when REDIS_URL is set). */
export const AUTOMATIC_VERSIONS_CONSUMER = 'automatic-versions';

/** Who an automatic version is attributed to when the event names nobody (a transition the system made). */
export const SYSTEM_ACTOR = 'system';

type Deps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now' | 'log'> & Partial<Pick<AppDeps, 'events'>>;

/** "Draft → Submitted": what the versions list shows for the version taken at that transition. */
export function automaticVersionName(from: string, to: string): string {
  return `${statusLabel(from)} → ${statusLabel(to)}`;
}

/**
 * Takes the version of the whole book that a workflow transition calls for (DESIGN: a version at
 * every transition, so what was submitted, reviewed or approved can always be read and compared).
 * Idempotent: the version's id is the event's, so a redelivered event (the ledger lost its mark, a
 * dead letter replayed, a Redis reclaim) finds its version taken and takes no second one. A book
 * deleted since has nothing to take: the event is done, not retried into a dead letter.
 */
export async function takeAutomaticVersion(deps: Deps, event: DomainEvent): Promise<BookVersion | null> {
  if (event.type !== 'book.status_changed' || !event.bookId) return null;
  const data = BookStatusChangedDataSchema.parse(event.data);
  try {
    return await createBookVersion(deps, event.bookId, {
      id: event.id,
      name: automaticVersionName(data.from, data.to),
      automatic: true,
      by: event.actorId ?? SYSTEM_ACTOR,
      trigger: {
        kind: 'status_change',
        eventId: event.id,
        transition: data.transition,
        from: data.from,
        to: data.to,
      },
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    deps.log.info({ bookId: event.bookId, eventId: event.id }, 'book gone before its automatic version');
    return null;
  }
}

/** The consumer's handler, as the bus runs it. */
export function automaticVersionsHandler(deps: Deps): EventHandler {
  return async (event) => {
    await takeAutomaticVersion(deps, event);
  };
}

/** Subscribes the consumer; every node may run it, the bus gives each event to one of them. */
export function subscribeAutomaticVersions(deps: Deps & Pick<AppDeps, 'events'>): Subscription {
  return deps.events.subscribe(AUTOMATIC_VERSIONS_CONSUMER, automaticVersionsHandler(deps));
}
