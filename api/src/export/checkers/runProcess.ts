import { spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export class CheckerTimeoutError extends Error {
  override name = 'CheckerTimeoutError';
}

/** Output kept per stream: enough for a diagnosis, bounded so a chatty tool cannot fill memory. */
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * Runs a checker in its own process group and kills the whole group (Java, or Node plus the
 * Chromium it launched) when it outlives `timeoutMs`, so a hung browser never keeps a job running.
 */
export function runProcess(
  command: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT_CHARS) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (timedOut)
        reject(new CheckerTimeoutError(`${command} did not finish within ${options.timeoutMs} ms`));
      else resolve({ exitCode, stdout, stderr });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
