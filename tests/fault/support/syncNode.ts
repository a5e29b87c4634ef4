import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../infra/local/freePort.ts';
import { type ServiceProcess, spawnService } from './serviceProcess.ts';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface SyncNodeEnv {
  DYNAMODB_ENDPOINT: string;
  DYNAMODB_TABLE: string;
  S3_ENDPOINT: string;
  S3_DOCS_BUCKET: string;
  JWT_ISSUER: string;
  JWKS_URL: string;
  REDIS_URL?: string;
  REDIS_KEY_PREFIX?: string;
  [name: string]: string | undefined;
}

/**
 * A real sync-server process (`node --import tsx sync-server/src/main.ts`, as `npm start -w
 * sync-server` runs it) on a port chosen up front, so the same node can be started again there.
 */
export class SyncNode {
  private service: ServiceProcess | null = null;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: SyncNodeEnv,
  ) {}

  static async start(name: string, env: SyncNodeEnv): Promise<SyncNode> {
    const node = new SyncNode(name, await freePort(), env);
    await node.start();
    return node;
  }

  /** `ws://…/sync`: append `/<docName>?token=…`. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}/sync`;
  }

  async start(): Promise<void> {
    this.service = spawnService(
      `sync node ${this.name}`,
      process.execPath,
      ['--import', 'tsx', 'sync-server/src/main.ts'],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          SYNC_PORT: String(this.port),
          SYNC_HOST: '127.0.0.1',
          ...this.env,
        },
      },
    );
    await this.service.waitFor(/"msg":"sync server listening"/, 90_000);
  }

  /** `kill -9` of the node's process group: no shutdown, nothing flushed. */
  async kill(): Promise<void> {
    await this.service?.kill();
  }

  /** SIGTERM: the graceful path (persist everything, close clients with 4503). */
  async stop(): Promise<void> {
    await this.service?.stop();
  }

  /** The node's log so far, for failure messages and for checking what it did. */
  log(): string {
    return this.service?.output() ?? '';
  }
}
