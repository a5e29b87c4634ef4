import { type BookDetail, BookDetailSchema } from '@galley/shared/api/books';
import { ErrorCode } from '@galley/shared/errors';
import { ApiError } from '../api/apiError.ts';
import { chapterRefusal, reorderOnto } from './chapterOps.ts';
import type { GalleyDb, OutboxRow } from './db.ts';
import {
  bookOfAnswer,
  type FieldConflict,
  fieldConflicts,
  type OutboxOp,
  rebaseOnOwnWrite,
  requestOf,
} from './outboxOps.ts';

/** Sends one request with its idempotency key and If-Match; throws ApiError like every api call. */
export type OutboxSend = (request: ReturnType<typeof requestOf>, idempotencyKey: string) => Promise<unknown>;

export interface OutboxConflict {
  current: BookDetail;
  fields: FieldConflict[];
}

export type OutboxEntry = Omit<OutboxRow, 'op' | 'conflict'> & {
  id: number;
  op: OutboxOp;
  conflict: OutboxConflict | null;
};

/** A rebase on the server's version that someone else moved is tried this often before asking the user. */
const MAX_SILENT_REBASES = 3;

/**
 * The outbox: api writes wait here (IndexedDB) and go out in the order they were made, each with an
 * idempotency key so a write whose answer was lost is not applied twice. A write someone else's
 * change contradicts is never dropped: it waits as a conflict until the user chooses. Writes to the
 * same book queue behind its conflict, because they were made on top of the conflicting one.
 */
export class Outbox {
  private flushing: Promise<void> | null = null;
  private again = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: GalleyDb,
    private readonly userId: string,
    private readonly send: OutboxSend,
    private readonly onBookSaved: (book: BookDetail) => Promise<void> = async () => {},
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async entries(): Promise<OutboxEntry[]> {
    const rows = await this.db.outbox.where('userId').equals(this.userId).sortBy('id');
    return rows as OutboxEntry[];
  }

  /** Stores the write (it survives a reload from here on) and tries to send it. */
  async enqueue(op: OutboxOp): Promise<number> {
    const id = await this.db.outbox.add({
      userId: this.userId,
      op,
      idempotencyKey: newKey(),
      createdAt: new Date().toISOString(),
      state: 'pending',
      attempts: 0,
      error: null,
      conflict: null,
    });
    this.changed();
    void this.flush();
    return id as number;
  }

  /** Sends what is pending, in order; concurrent calls share one pass (and ask for another). */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** The user's answer to a conflict: re-apply their edit on the current version, or drop it. */
  async resolve(id: number, choice: 'mine' | 'theirs'): Promise<void> {
    const entry = (await this.db.outbox.get(id)) as OutboxEntry | undefined;
    if (entry?.state !== 'conflict' || !entry.conflict) return;
    if (choice === 'theirs') {
      await this.db.outbox.delete(id);
      await this.onBookSaved(entry.conflict.current);
    } else if (entry.op.kind === 'updateBook' || entry.op.kind === 'reorderChapters') {
      const current = entry.conflict.current;
      const op: OutboxOp =
        entry.op.kind === 'updateBook'
          ? { ...entry.op, baseVersion: current.version }
          : reorderOnto(entry.op, current);
      await this.db.outbox.update(id, {
        op,
        idempotencyKey: newKey(),
        state: 'pending',
        conflict: null,
        error: null,
      });
    }
    this.changed();
    await this.flush();
  }

  /** Drops a write that the api refused for good (shown to the user first). */
  async discard(id: number): Promise<void> {
    await this.db.outbox.delete(id);
    this.changed();
    await this.flush();
  }

  private async pass(): Promise<void> {
    const blockedBooks = new Set<string>();
    for (const entry of await this.entries()) {
      if (entry.state !== 'pending') {
        blockedBooks.add(entry.op.bookId);
        continue;
      }
      if (blockedBooks.has(entry.op.bookId)) continue;
      const outcome = await this.sendOne(entry);
      if (outcome === 'stop') return;
      if (outcome === 'blocked') blockedBooks.add(entry.op.bookId);
    }
  }

  private async sendOne(entry: OutboxEntry, rebases = 0): Promise<'done' | 'blocked' | 'stop'> {
    try {
      const answer = await this.send(requestOf(entry.op), entry.idempotencyKey);
      await this.succeeded(entry, answer);
      return 'done';
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      return this.failed(entry, caught, rebases);
    }
  }

  private async succeeded(entry: OutboxEntry, answer: unknown): Promise<void> {
    const book = bookOfAnswer(entry.op, answer);
    const before = entry.op.kind === 'updateBook' ? entry.op.baseVersion : book.version - 1;
    await this.db.transaction('rw', this.db.outbox, async () => {
      await this.db.outbox.delete(entry.id);
      for (const other of await this.entries()) {
        const op = rebaseOnOwnWrite(other.op, book.id, before, book.version);
        if (op !== other.op) await this.db.outbox.update(other.id, { op, idempotencyKey: newKey() });
      }
    });
    await this.onBookSaved(book);
    this.changed();
  }

  private async failed(
    entry: OutboxEntry,
    error: ApiError,
    rebases: number,
  ): Promise<'done' | 'blocked' | 'stop'> {
    // Not reachable, busy or still handling the first send: try again later, in the same order.
    if (
      error.isNetworkError ||
      error.status >= 500 ||
      error.status === 429 ||
      error.code === ErrorCode.idempotencyInProgress
    ) {
      await this.db.outbox.update(entry.id, { attempts: entry.attempts + 1 });
      return 'stop';
    }
    if (entry.op.kind === 'createChapter' && error.code === ErrorCode.chapterExists) {
      // An earlier send made it (its stored answer has expired): the chapter is there, nothing to do.
      await this.db.outbox.delete(entry.id);
      this.changed();
      return 'done';
    }
    if (entry.op.kind !== 'updateBook' && entry.op.kind !== 'createChapter') {
      const outcome = chapterRefusal(entry.op, error, rebases < MAX_SILENT_REBASES);
      if (outcome.action === 'drop') {
        await this.db.outbox.delete(entry.id);
        this.changed();
        return 'done';
      }
      if (outcome.action === 'retry') {
        const idempotencyKey = newKey();
        await this.db.outbox.update(entry.id, { op: outcome.op, idempotencyKey });
        return this.sendOne({ ...entry, op: outcome.op, idempotencyKey }, rebases + 1);
      }
      if (outcome.action === 'conflict') {
        const fields = [
          { field: 'chapterOrder' as const, base: null, mine: outcome.mine, theirs: outcome.theirs },
        ];
        await this.db.outbox.update(entry.id, {
          state: 'conflict',
          conflict: { current: outcome.current, fields },
        });
        this.changed();
        return 'blocked';
      }
      if (outcome.action === 'fail')
        error = new ApiError(error.status, error.code, outcome.message, error.details);
    }
    const current = staleBookOf(error);
    if (entry.op.kind === 'updateBook' && current) {
      const fields = fieldConflicts(entry.op, current);
      if (fields.length === 0 && rebases < MAX_SILENT_REBASES) {
        // Someone changed other fields: mine still apply, on their version.
        const op: OutboxOp = { ...entry.op, baseVersion: current.version };
        const idempotencyKey = newKey();
        await this.db.outbox.update(entry.id, { op, idempotencyKey });
        return this.sendOne({ ...entry, op, idempotencyKey }, rebases + 1);
      }
      await this.db.outbox.update(entry.id, { state: 'conflict', conflict: { current, fields } });
      this.changed();
      return 'blocked';
    }
    await this.db.outbox.update(entry.id, {
      state: 'failed',
      error: { code: error.code, message: error.message },
      attempts: entry.attempts + 1,
    });
    this.changed();
    return 'blocked';
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * A key names one request. An edit moved onto another version is another request (its If-Match
 * changed), so it gets a new key; the old key would replay the old answer.
 */
const newKey = (): string => crypto.randomUUID();

/** A 409 for a stale version carries the book as it now is (`details.current`). */
function staleBookOf(error: ApiError): BookDetail | null {
  if (error.status !== 409 || error.code !== ErrorCode.conflict) return null;
  const parsed = BookDetailSchema.safeParse((error.details as { current?: unknown } | undefined)?.current);
  return parsed.success ? parsed.data : null;
}
