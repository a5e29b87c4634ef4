import { describe, expect, it } from 'vitest';
import { ExportFailure } from './epubExportPipeline.ts';
import { withDeadline } from './exportRunner.ts';

describe('withDeadline', () => {
  it('passes the result of work that finishes in time', async () => {
    await expect(withDeadline(Promise.resolve('done'), 1_000)).resolves.toBe('done');
  });

  it('fails work that never settles with export_timeout', async () => {
    const never = new Promise<string>(() => {});
    await expect(withDeadline(never, 50)).rejects.toEqual(
      expect.objectContaining({ code: 'export_timeout' }),
    );
    await expect(withDeadline(never, 50)).rejects.toBeInstanceOf(ExportFailure);
  });
});
