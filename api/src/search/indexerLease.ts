import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Renewed every third of its life, so one slow renewal does not hand the index to another node. */
export const LEASE_MS = 30_000;

/** Extends the lease only if this node still holds it (another node may have taken it after expiry). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Who indexes when several api nodes share Redis: the node holding this lease. Only the holder
 * subscribes to the events (nodes sharing a consumer name would split the events between them, and
 * each index would miss some), watches chapter text and writes the snapshot; the others serve queries
 * from the snapshot it writes. A holder that stops renewing (crash, partition) loses the lease after
 * its lease time and another node takes it over, starting from the last snapshot plus a reconciliation.
 */
export class IndexerLease {
  private readonly owner = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    readonly leaseMs: number = LEASE_MS,
  ) {}

  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.owner, 'PX', this.leaseMs, 'NX')) === 'OK';
  }

  /** False when the lease was lost: the caller must stop indexing at once. */
  async renew(): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key, this.owner, String(this.leaseMs))) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.owner);
  }
}
