import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureBuckets, ensureTable } from '@galley/api/store/bootstrap';
import { createAwsClients } from '@galley/api/store/clients';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { uniqueName } from '../../../tests/support/testApp.ts';
import { describeDocStorageContract, edits, freshDoc, textOf } from './docStorage.contract.ts';
import { createDynamoDocStorage } from './dynamoDocStorage.ts';
import { docKeys, seqFromSortKey } from './keys.ts';

const name = uniqueName('docstore');
const bucket = name.slice(0, 63);
const clients: ReturnType<typeof createAwsClients>[] = [];

function client() {
  const c = createAwsClients({
    region: 'us-east-1',
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const { ddb, s3 } = client();
  await ensureTable(ddb, name);
  await ensureBuckets(s3, [bucket]);
});

afterAll(() => {
  for (const c of clients) {
    c.ddb.destroy();
    c.s3.destroy();
  }
});

describeDocStorageContract('DynamoDB + S3', () => ({
  // Each "node" gets its own clients and its own view of where each log ends.
  open: () => createDynamoDocStorage({ ...client(), table: name, bucket }),
}));

/**
 * The rule that keeps entries from landing behind a snapshot with one condition per append (see
 * dynamoDocStorage.ts): writers trust a view of a log's end for compactAfterMs / 2, compaction deletes
 * only entries older than compactAfterMs. Two "nodes" share a clock the test moves.
 */
const MINUTE = 60_000;
let clock = Date.now();
const node = () =>
  createDynamoDocStorage({ ...client(), table: name, bucket, compactAfterMs: 10 * MINUTE, now: () => clock });

async function storedSeqs(docName: string): Promise<number[]> {
  const { Items } = await client().ddb.send(
    new QueryCommand({
      TableName: name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :log)',
      ExpressionAttributeValues: { ':pk': docKeys.partition(docName), ':log': docKeys.logPrefix },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => seqFromSortKey(item.SK as string));
}

describe('log appends with one condition each', () => {
  it('a writer whose view of the end is older than half the compaction age reads it again', async () => {
    const [a, b] = [node(), node()];
    const doc = freshDoc();
    const updates = edits(['a', 'b', 'c', 'd']);
    expect(await b.append(doc, updates[0]!)).toBe(1);
    expect(await a.append(doc, updates[1]!)).toBe(2);
    expect(await a.append(doc, updates[2]!)).toBe(3);
    clock += 11 * MINUTE;
    await a.writeSnapshot(doc, Y.mergeUpdates(updates.slice(0, 3)), 3);
    expect(await storedSeqs(doc)).toEqual([]);
    // b's view (the end is 1) is 11 minutes old: trusting it would put this entry at 2, behind the snapshot.
    expect(await b.append(doc, updates[3]!)).toBe(4);
    expect(textOf(await node().load(doc))).toBe('abcd');
  });

  it('compaction leaves young entries behind a snapshot, so a writer with a recent view fails its put and moves on', async () => {
    const [a, b] = [node(), node()];
    const doc = freshDoc();
    const updates = edits(['a', 'b', 'c', 'd', 'e']);
    await b.append(doc, updates[0]!);
    await a.append(doc, updates[1]!);
    await a.append(doc, updates[2]!);
    clock += 4 * MINUTE;
    await a.writeSnapshot(doc, Y.mergeUpdates(updates.slice(0, 3)), 3);
    expect(await storedSeqs(doc)).toEqual([1, 2, 3]);
    // b still trusts "the end is 1" (4 minutes old): its put at 2 fails on the entry compaction kept.
    expect(await b.append(doc, updates[3]!)).toBe(4);
    const loaded = await node().load(doc);
    expect([loaded.snapshotSeq, loaded.updates.length, textOf(loaded)]).toEqual([3, 1, 'abcd']);

    // Once old enough, the next snapshot's compaction takes them.
    clock += 11 * MINUTE;
    await a.append(doc, updates[4]!);
    await a.writeSnapshot(doc, Y.mergeUpdates(updates), 5);
    expect(await storedSeqs(doc)).toEqual([5]);
    expect(textOf(await node().load(doc))).toBe('abcde');
  });
});
