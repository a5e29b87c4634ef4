import type { AppDeps } from '../deps.ts';
import type { Subscription } from '../events/eventBus.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { IndexerLease, LEASE_MS } from './indexerLease.ts';
import { MiniSearchIndex } from './miniSearchIndex.ts';
import type { SearchIndex } from './searchIndex.ts';
import { rebuildIndex, SearchIndexer } from './searchIndexer.ts';
import { loadSearchSnapshot, saveSearchSnapshot, searchSnapshotVersion } from './searchSnapshots.ts';
import { DEFAULT_TEXT_WATCH, TextChangeWatcher, type TextWatchOptions } from './textChangeWatcher.ts';

/** The consumer name on the event bus (a Redis consumer group when REDIS_URL is set). */
export const SEARCH_CONSUMER = 'search';

export interface SearchServiceOptions {
  /**
   * `on`: this node indexes. `off`: it only serves queries from the snapshot. `auto` (default): it
   * indexes when it is the only node (no Redis) or holds the indexer lease (indexerLease.ts).
   */
  mode: 'auto' | 'on' | 'off';
  textWatch: TextWatchOptions;
  /**
   * How often the indexer writes a snapshot when something changed. Serializing blocks the event loop
   * (1–4 s for 1,000 books of 5,000 words in the bench), so not often: a restarted indexer
   * catches up from an older snapshot by reconciling with the table and the text watcher anyway.
   */
  snapshotEveryMs: number;
  /** How often followers look for a newer snapshot (one HEAD request). */
  followEveryMs: number;
  /** How long the indexer lease lasts unrenewed (renewed every third of it). */
  leaseMs: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchServiceOptions = {
  mode: 'auto',
  textWatch: DEFAULT_TEXT_WATCH,
  snapshotEveryMs: 5 * 60_000,
  followEveryMs: 30_000,
  leaseMs: LEASE_MS,
};

/**
 * Search on one api node: the in-process index, loaded from the last snapshot, and, on the one node
 * that indexes, the event consumer, the chapter text watcher and the snapshot writer. Every node
 * answers queries; a follower's answers lag the indexer by at most snapshotEveryMs + followEveryMs.
 */
export class SearchService {
  readonly index: SearchIndex = new MiniSearchIndex();
  readonly indexer: SearchIndexer;
  readonly watcher: TextChangeWatcher;
  role: 'starting' | 'indexer' | 'follower' | 'stopped' = 'starting';
  private ready: Promise<void> | null = null;
  private dirty = false;
  private snapshotVersion: string | null = null;
  private subscription: Subscription | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly lease: IndexerLease | null;
  private saving: Promise<void> | null = null;
  private catchUp: Promise<unknown> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    private readonly deps: AppDeps,
    private readonly options: SearchServiceOptions = DEFAULT_SEARCH_OPTIONS,
  ) {
    this.indexer = new SearchIndexer(deps, this.index, chapterStorageFor(deps), () => {
      this.dirty = true;
    });
    this.watcher = new TextChangeWatcher(deps, this.index, this.indexer, options.textWatch);
    this.lease =
      options.mode === 'auto' && deps.redis
        ? new IndexerLease(deps.redis, `${deps.env.REDIS_KEY_PREFIX}search:indexer`, options.leaseMs)
        : null;
  }

  /** Loads the snapshot and takes this node's role; resolves once queries can be answered. */
  start(): Promise<void> {
    this.ready ??= this.begin();
    return this.ready;
  }

  private async begin(): Promise<void> {
    const snapshot = await loadSearchSnapshot(this.deps, this.index).catch((error: unknown) => {
      // A corrupt or unreadable snapshot costs a rebuild, not the node.
      this.deps.log.warn({ err: error }, 'search snapshot could not be loaded; rebuilding');
      return { loaded: false as const };
    });
    if (snapshot.loaded) this.snapshotVersion = snapshot.version;
    if (this.options.mode === 'on' || (this.options.mode === 'auto' && !this.lease)) {
      this.becomeIndexer(snapshot.loaded);
    } else if (this.lease && (await this.lease.acquire())) {
      this.becomeIndexer(snapshot.loaded);
    } else {
      this.becomeFollower();
    }
  }

  private becomeIndexer(fromSnapshot: boolean): void {
    this.role = 'indexer';
    // Subscribe before catching up, so nothing committed during the catch-up is missed.
    this.subscription = this.deps.events.subscribe(SEARCH_CONSUMER, (event) =>
      this.indexer.handleEvent(event),
    );
    const catchUp = fromSnapshot
      ? this.indexer.reconcile()
      : rebuildIndex(this.deps, chapterStorageFor(this.deps), this.index, this.stopping.signal).then(() => {
          this.dirty = true;
        });
    this.catchUp = catchUp
      .then(() => this.saveIfDirty())
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'search catch-up failed'));
    this.watcher.start();
    this.every(this.options.snapshotEveryMs, () => this.saveIfDirty());
    this.every(this.options.followEveryMs, async () => {
      await this.adoptRebuild();
    });
    if (this.lease) {
      this.every(this.options.leaseMs / 3, async () => {
        if (this.role === 'indexer' && !(await this.lease!.renew())) await this.demote();
      });
    }
  }

  private becomeFollower(): void {
    this.role = 'follower';
    this.every(this.options.followEveryMs, async () => {
      if (this.role !== 'follower') return;
      if (this.lease && (await this.lease.acquire())) {
        await this.reloadSnapshot();
        this.clearTimers();
        this.becomeIndexer(this.snapshotVersion !== null);
        return;
      }
      if ((await searchSnapshotVersion(this.deps)) !== this.snapshotVersion) await this.reloadSnapshot();
    });
  }

  /** The lease went to another node: stop indexing at once and follow its snapshots. */
  private async demote(): Promise<void> {
    this.deps.log.warn('search indexer lease lost; following the new indexer');
    this.clearTimers();
    await this.subscription?.stop();
    this.subscription = null;
    await this.watcher.stop();
    this.becomeFollower();
  }

  private async reloadSnapshot(): Promise<void> {
    const loaded = await loadSearchSnapshot(this.deps, this.index);
    if (loaded.loaded) this.snapshotVersion = loaded.version;
  }

  /**
   * A snapshot this node did not write (the rebuild command's) replaces the index, and the
   * reconciliation brings it up to date. True when one was adopted.
   */
  async adoptRebuild(): Promise<boolean> {
    if (this.saving) return false;
    const stored = await searchSnapshotVersion(this.deps);
    if (stored === null || stored === this.snapshotVersion || this.saving) return false;
    this.deps.log.info('search snapshot replaced by a rebuild; loading it');
    await this.reloadSnapshot();
    await this.indexer.reconcile();
    return true;
  }

  /** Writes the snapshot if the index changed since the last one (one write at a time). */
  async saveIfDirty(): Promise<void> {
    if (this.saving) return this.saving;
    if (!this.dirty || this.role !== 'indexer') return;
    this.dirty = false;
    this.saving = saveSearchSnapshot(this.deps, this.index)
      .then((saved) => {
        this.snapshotVersion = saved.version;
      })
      .catch((error: unknown) => {
        this.dirty = true;
        this.deps.log.warn({ err: error }, 'search snapshot could not be saved');
      })
      .finally(() => {
        this.saving = null;
      });
    return this.saving;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.ready?.catch(() => undefined);
    await this.catchUp;
    this.clearTimers();
    await this.subscription?.stop();
    this.subscription = null;
    await this.watcher.stop();
    await this.indexer.idle();
    await this.saveIfDirty();
    if (this.role === 'indexer') await this.lease?.release().catch(() => undefined);
    this.role = 'stopped';
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) => this.deps.log.warn({ err: error }, 'search background task failed'));
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
  }
}

const services = new WeakMap<AppDeps, SearchService>();

/** This process's search service for `deps` (created on first use; `start()` it once). */
export function searchServiceFor(deps: AppDeps, options?: SearchServiceOptions): SearchService {
  let service = services.get(deps);
  if (!service) {
    service = new SearchService(deps, options ?? optionsFromEnv(deps));
    services.set(deps, service);
  }
  return service;
}

function optionsFromEnv(deps: AppDeps): SearchServiceOptions {
  return { ...DEFAULT_SEARCH_OPTIONS, mode: deps.env.SEARCH_INDEXER };
}
