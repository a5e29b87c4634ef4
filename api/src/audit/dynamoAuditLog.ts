import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type AuditAction, type AuditEntry, AuditEntrySchema } from '@galley/shared/audit';
import { ConflictError, UnavailableError } from '../errors.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, encodeCursor } from '../store/pageCursor.ts';
import { GENESIS_HASH, hashEntry } from './auditHash.ts';
import type { AuditEntryInput, AuditLog } from './auditLog.ts';
import { verifyAuditChain } from './auditVerifier.ts';
import { canonicalJson } from './canonicalJson.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Bounds that keep one entry well under DynamoDB's 400 KB item limit and the trail cheap to scan. */
export const MAX_USER_AGENT_LENGTH = 512;
export const MAX_DETAILS_JSON_LENGTH = 4096;
const MAX_ATTEMPTS = 30;

export interface DynamoAuditLogOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  now: () => number;
}

/**
 * Append-only hash chain in the one table. Appends race on the head item: the transaction that writes
 * entry N+1 also moves the head from N to N+1 under a condition, so two writers can never both
 * claim the same seq (no forks) and a seq is only taken when its entry is written (no gaps).
 */
export function createDynamoAuditLog({ ddb, table, now }: DynamoAuditLogOptions): AuditLog {
  async function readHead(): Promise<{ seq: number; hash: string }> {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: table, Key: keys.auditHead(), ConsistentRead: true }),
    );
    return Item ? { seq: Number(Item.seq), hash: String(Item.hash) } : { seq: 0, hash: GENESIS_HASH };
  }

  async function record(input: AuditEntryInput, options: { with?: unknown[] } = {}): Promise<AuditEntry> {
    const extra = (options.with ?? []) as TransactItem[];
    for (let attempt = 1; ; attempt++) {
      const head = await readHead();
      const entry = buildEntry(input, head, new Date(now()).toISOString());
      try {
        await ddb.send(
          new TransactWriteCommand({
            TransactItems: [entryPut(table, entry), headPut(table, entry, head.seq), ...extra],
          }),
        );
        return entry;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const callerFailed = reasons.slice(2).some((reason) => reason?.Code === 'ConditionalCheckFailed');
        if (callerFailed) {
          throw new ConflictError('The record changed since it was read; reload and try again.');
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new UnavailableError('The audit trail is busy; try again.');
        }
        // Lost the race for the head (or a transaction conflict): back off with full jitter and retry.
        const cap = Math.min(250, 8 * 2 ** Math.min(attempt, 5));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
      }
    }
  }

  async function list(filter: {
    actorId?: string;
    action?: AuditAction;
    cursor?: string;
    limit: number;
  }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const query = listQuery(table, filter);
    const { Items = [], LastEvaluatedKey } = await ddb.send(new QueryCommand(query));
    return {
      items: Items.map((item) => AuditEntrySchema.parse(item)),
      nextCursor: encodeCursor(LastEvaluatedKey),
    };
  }

  return { record, list, verify: () => verifyAuditChain(ddb, table) };
}

function buildEntry(input: AuditEntryInput, head: { seq: number; hash: string }, at: string): AuditEntry {
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: head.seq + 1,
    at,
    action: input.action,
    outcome: input.outcome,
    actorId: input.actorId,
    targetId: input.targetId ?? null,
    ip: input.ip.slice(0, 64),
    userAgent: input.userAgent.slice(0, MAX_USER_AGENT_LENGTH),
    details: boundedDetails(input.details ?? {}),
    prevHash: head.hash,
  };
  return { ...unhashed, hash: hashEntry(unhashed) };
}

/**
 * Details are normalised through JSON (what DynamoDB stores is what was hashed) and capped, so a
 * caller passing a huge or exotic object cannot break the append or the chain.
 */
function boundedDetails(details: Record<string, unknown>): Record<string, unknown> {
  const json = canonicalJson(details);
  if (json.length <= MAX_DETAILS_JSON_LENGTH) return JSON.parse(json) as Record<string, unknown>;
  return { truncated: true, preview: json.slice(0, MAX_DETAILS_JSON_LENGTH / 2) };
}

function entryPut(table: string, entry: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.auditEntry(entry.seq),
        ...(entry.actorId ? keys.auditByActor(entry.actorId, entry.seq) : {}),
        ...keys.auditByAction(entry.action, entry.seq),
        ...entry,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

function headPut(table: string, entry: AuditEntry, previousSeq: number): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...keys.auditHead(), seq: entry.seq, hash: entry.hash },
      ...(previousSeq === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : {
            ConditionExpression: '#seq = :previous',
            ExpressionAttributeNames: { '#seq': 'seq' },
            ExpressionAttributeValues: { ':previous': previousSeq },
          }),
    },
  };
}

function listQuery(
  table: string,
  filter: { actorId?: string; action?: AuditAction; cursor?: string; limit: number },
): QueryCommandInput {
  const base = { TableName: table, Limit: filter.limit, ScanIndexForward: false };
  if (filter.actorId) {
    const partition = keys.auditByActor(filter.actorId, 0).GSI1PK;
    const start = decodeCursor(filter.cursor, {
      attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      partition: { GSI1PK: partition },
    });
    return {
      ...base,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(filter.action ? { ':action': filter.action } : {}),
      },
      // Both filters: walk the actor's entries and keep the action; pages may come back short.
      ...(filter.action
        ? { FilterExpression: '#action = :action', ExpressionAttributeNames: { '#action': 'action' } }
        : {}),
      ...(start ? { ExclusiveStartKey: start } : {}),
    };
  }
  if (filter.action) {
    const partition = keys.auditByAction(filter.action, 0).GSI2PK;
    const start = decodeCursor(filter.cursor, {
      attributes: ['PK', 'SK', 'GSI2PK', 'GSI2SK'],
      partition: { GSI2PK: partition },
    });
    return {
      ...base,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ...(start ? { ExclusiveStartKey: start } : {}),
    };
  }
  const start = decodeCursor(filter.cursor, { attributes: ['PK', 'SK'], partition: { PK: 'AUDIT' } });
  return {
    ...base,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entries)',
    ExpressionAttributeValues: { ':pk': 'AUDIT', ':entries': 'E#' },
    ...(start ? { ExclusiveStartKey: start } : {}),
  };
}
