import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { isConditionFailure } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

export interface JobLease {
  job: string;
  holder: string;
  /** Extends the lease; false when it was lost (expired and taken by another runner). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A lease on a periodic job, so that of many api nodes (and a CLI run) one works at a time. The lock is
 * one conditional item: taken when absent, expired, or already ours. A runner that dies leaves it to
 * expire after `leaseMs`; a live runner renews it between units of work, so a long run keeps it.
 */
export async function acquireJobLease(deps: Deps, job: string, leaseMs: number): Promise<JobLease | null> {
  const holder = randomUUID();
  const take = async (): Promise<boolean> => {
    const nowMs = deps.now();
    try {
      await deps.ddb.send(
        new PutCommand({
          TableName: deps.table,
          // `expiresAt` is the table's TTL attribute too, so an abandoned lock is also swept eventually.
          Item: {
            ...keys.jobLock(job),
            entity: 'jobLock',
            holder,
            leaseUntil: nowMs + leaseMs,
            expiresAt: Math.ceil((nowMs + leaseMs) / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR leaseUntil < :now OR holder = :holder',
          ExpressionAttributeValues: { ':now': nowMs, ':holder': holder },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  if (!(await take())) return null;
  return {
    job,
    holder,
    renew: take,
    async release() {
      try {
        await deps.ddb.send(
          new DeleteCommand({
            TableName: deps.table,
            Key: keys.jobLock(job),
            ConditionExpression: 'holder = :holder',
            ExpressionAttributeValues: { ':holder': holder },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
