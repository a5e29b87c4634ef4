import { freePort } from '../../../infra/local/freePort.ts';
import { type ServiceProcess, spawnService } from './serviceProcess.ts';

/** A redis-server of this test file's own on a fixed port, so it can be killed and started again. */
export class RedisProcess {
  private service: ServiceProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.service = spawnService('redis-server', 'redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    await this.service.waitFor(/Ready to accept connections/);
  }

  /** `kill -9`: every connection drops, every subscription is gone. */
  async kill(): Promise<void> {
    await this.service?.kill();
  }
}
