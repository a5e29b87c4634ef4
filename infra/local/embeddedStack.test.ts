import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ensureBuckets, ensureTable } from '@galley/api/store/bootstrap';
import { createAwsClients } from '@galley/api/store/clients';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack } from './embeddedStack.ts';

const childPids = (pattern: string) => {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('the embedded stack', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  // Two cold starts of DynamoDB Local on disk: generous bound, since CI machines may be busy.
  it('keeps tables, items and objects across a restart when given a data folder', {
    timeout: 180_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'galley-stack-'));
    dirs.push(dataDir);
    const first = await startEmbeddedStack({ dataDir, scratchDir: dataDir });
    const a = createAwsClients({
      region: 'us-east-1',
      dynamoEndpoint: first.dynamoEndpoint,
      s3Endpoint: first.s3Endpoint,
    });
    await ensureTable(a.ddb, 'galley-restart');
    await ensureBuckets(a.s3, ['galley-restart']);
    await a.ddb.send(new PutCommand({ TableName: 'galley-restart', Item: { PK: 'K', SK: 'S', value: 42 } }));
    await a.s3.send(new PutObjectCommand({ Bucket: 'galley-restart', Key: 'note.txt', Body: 'kept' }));
    a.ddb.destroy();
    a.s3.destroy();
    await first.stop();

    const second = await startEmbeddedStack({ dataDir, scratchDir: dataDir });
    const b = createAwsClients({
      region: 'us-east-1',
      dynamoEndpoint: second.dynamoEndpoint,
      s3Endpoint: second.s3Endpoint,
    });
    try {
      const { Item } = await b.ddb.send(
        new GetCommand({ TableName: 'galley-restart', Key: { PK: 'K', SK: 'S' } }),
      );
      expect(Item?.value).toBe(42);
      const object = await b.s3.send(new GetObjectCommand({ Bucket: 'galley-restart', Key: 'note.txt' }));
      expect(await object.Body?.transformToString()).toBe('kept');
    } finally {
      b.ddb.destroy();
      b.s3.destroy();
      await second.stop();
    }
  });

  it('leaves no DynamoDB Local or s3rver process behind when stopped', { timeout: 120_000 }, async () => {
    const scratchDir = await mkdtemp(join(tmpdir(), 'galley-stack-'));
    dirs.push(scratchDir);
    const stack = await startEmbeddedStack({ scratchDir });
    const port = new URL(stack.dynamoEndpoint).port;
    const s3Port = new URL(stack.s3Endpoint).port;
    expect(childPids(`DynamoDBLocal.jar -port ${port}`)).toHaveLength(1);
    expect(childPids(`s3rverProcess.mjs ${s3Port}`)).toHaveLength(1);
    await stack.stop();
    expect(childPids(`DynamoDBLocal.jar -port ${port}`)).toEqual([]);
    expect(childPids(`s3rverProcess.mjs ${s3Port}`)).toEqual([]);
  });

  it('keeps its children out of the caller’s process group when asked (npm start: Ctrl-C reaches the parent only)', {
    timeout: 120_000,
  }, async () => {
    const scratchDir = await mkdtemp(join(tmpdir(), 'galley-stack-'));
    dirs.push(scratchDir);
    const stack = await startEmbeddedStack({ scratchDir, ownProcessGroup: true });
    const port = new URL(stack.dynamoEndpoint).port;
    const s3Port = new URL(stack.s3Endpoint).port;
    const pids = [
      ...childPids(`DynamoDBLocal.jar -port ${port}`),
      ...childPids(`s3rverProcess.mjs ${s3Port}`),
    ];
    expect(pids).toHaveLength(2);
    const ownGroup = processGroupOf(String(process.pid));
    // A process group as a terminal's Ctrl-C addresses it: ours must not include the children.
    for (const pid of pids) expect(processGroupOf(pid)).not.toBe(ownGroup);
    await stack.stop();
    expect(childPids(`DynamoDBLocal.jar -port ${port}`)).toEqual([]);
    expect(childPids(`s3rverProcess.mjs ${s3Port}`)).toEqual([]);
  });
});

/** The process group id: field 5 of /proc/<pid>/stat (after the parenthesised command name). */
function processGroupOf(pid: string): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]!;
}
