import { describe, expect, it } from 'vitest';
import { CheckerTimeoutError, runProcess } from './runProcess.ts';

describe('runProcess', () => {
  it('returns the exit code and output of a process that finishes', async () => {
    const result = await runProcess('sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 20_000 });
    expect(result).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('kills the whole process group of a checker that outlives its time', async () => {
    // The shell starts a child that would outlive a kill of the shell alone.
    await expect(runProcess('sh', ['-c', 'sleep 30 & wait'], { timeoutMs: 300 })).rejects.toBeInstanceOf(
      CheckerTimeoutError,
    );
  });
});
