import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, AuditEntrySchema } from '@galley/shared/audit';
import { auditSeq, keys } from '../store/keys.ts';
import { GENESIS_HASH, hashEntry } from './auditHash.ts';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
  reason: string | null;
}

const PAGE_SIZE = 500;

/**
 * Walks the chain from seq 1 and recomputes every hash and link. Catches an edited entry (its hash no
 * longer matches), a removed entry (a gap in seq, or the head pointing past the last entry) and a
 * replaced entry (its prevHash no longer links to the one before).
 */
export async function verifyAuditChain(
  ddb: DynamoDBDocumentClient,
  table: string,
): Promise<AuditVerification> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  const broken = (seq: number, reason: string): AuditVerification => ({
    ok: false,
    checked,
    brokenAt: seq,
    reason,
  });
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entries)',
        ExpressionAttributeValues: { ':pk': 'AUDIT', ':entries': 'E#' },
        ConsistentRead: true,
        Limit: PAGE_SIZE,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const expected = previous.seq + 1;
      const parsed = AuditEntrySchema.safeParse(item);
      if (!parsed.success) return broken(expected, 'entry is malformed');
      const entry: AuditEntry = parsed.data;
      if (item.SK !== keys.auditEntry(entry.seq).SK)
        return broken(expected, 'entry seq does not match its key');
      if (entry.seq !== expected) return broken(expected, 'entry is missing');
      if (hashEntry(entry) !== entry.hash) return broken(entry.seq, 'entry hash does not match its contents');
      if (entry.prevHash !== previous.hash)
        return broken(entry.seq, 'entry does not link to the previous one');
      previous = { seq: entry.seq, hash: entry.hash };
      checked += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  const { Item: head } = await ddb.send(
    new GetCommand({ TableName: table, Key: keys.auditHead(), ConsistentRead: true }),
  );
  const headSeq = head ? Number(head.seq) : 0;
  if (headSeq > previous.seq)
    return broken(previous.seq + 1, 'entry is missing (head points past the last entry)');
  if (headSeq < previous.seq)
    return broken(headSeq + 1, `entries after the head (head at ${auditSeq(headSeq)})`);
  if (head && head.hash !== previous.hash)
    return broken(previous.seq, 'head hash does not match the last entry');
  return { ok: true, checked, brokenAt: null, reason: null };
}
