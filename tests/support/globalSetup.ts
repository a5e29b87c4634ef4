import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedStack, startEmbeddedStack } from '../../infra/local/embeddedStack.ts';
import { ensureRedis } from '../../infra/local/redisServer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    smtpPort: number;
    mailboxDir: string;
    redisUrl: string;
    runId: string;
  }
}

let stack: EmbeddedStack | undefined;
let redis: Awaited<ReturnType<typeof ensureRedis>> | undefined;
let scratch: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  scratch = await mkdtemp(join(tmpdir(), 'galley-test-'));
  stack = await startEmbeddedStack({ scratchDir: scratch });
  project.provide('dynamoEndpoint', stack.dynamoEndpoint);
  project.provide('s3Endpoint', stack.s3Endpoint);
  project.provide('smtpPort', stack.smtpPort);
  project.provide('mailboxDir', stack.mailboxDir);
  // A real redis-server: REDIS_URL's or the machine's, else one we start. Every test prefixes its keys
  // with runId + its own id, so runs never see each other's data.
  redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  project.provide('redisUrl', redis.url);
  project.provide('runId', `t${Date.now().toString(36)}${process.pid.toString(36)}`);
}

export async function teardown(): Promise<void> {
  await Promise.all([stack?.stop(), redis?.stop()]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
