import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedStack } from '../../../infra/local/embeddedStack.ts';

/**
 * DynamoDB Local + s3rver for benchmark runs, started once and left running while the suite launches
 * fresh sync-server processes against it: `node --import tsx sync-server/src/bench/benchStack.ts`.
 */
const scratchDir = await mkdtemp(join(tmpdir(), 'galley-bench-stack-'));
const stack = await startEmbeddedStack({ scratchDir, dynamoPort: 18000, s3Port: 18001 });
console.log(JSON.stringify({ dynamoEndpoint: stack.dynamoEndpoint, s3Endpoint: stack.s3Endpoint }));
const stop = () => void stack.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
