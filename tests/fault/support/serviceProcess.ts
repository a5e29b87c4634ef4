import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A child service in its own process group, so a kill reaches everything it started (a JVM, a node
 * with loaders) and nothing is orphaned. Every live group is killed when the test process exits, even
 * when a test failed half-way: `afterAll(stopAllServices)` for the orderly path, the exit hook for
 * the rest.
 */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Output so far (the tail), for failure messages. */
  output(): string;
  /** Resolves once a line of output matches `pattern` (from the start of the output). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** `kill -9` of the whole group: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: boolean;
}

const live = new Set<ServiceProcess>();

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

process.once('exit', () => {
  for (const service of live) killGroup(service.child.pid, 'SIGKILL');
});

export function spawnService(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    for (const check of waiters) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      live.delete(service);
      for (const check of waiters) check();
      resolve();
    });
  });

  const service: ServiceProcess = {
    name,
    child,
    output: () => output.slice(-4000),
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(match);
          } else if (exited) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`${name} exited before ${pattern}:\n${output.slice(-3000)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      killGroup(child.pid, 'SIGKILL');
      await exit;
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
    get exited() {
      return exited;
    },
  };
  live.add(service);
  return service;
}

/** For afterAll: ends every service this file started that is still running. */
export async function stopAllServices(): Promise<void> {
  await Promise.all([...live].map((service) => service.kill()));
}
