import { type ExportJob, ExportJobSchema } from '@galley/shared/api/exports';
import { expect } from 'vitest';
import type { TestApp } from '../../../../tests/support/testApp.ts';
import { readZip, type ZipEntry } from '../../export/zipReader.ts';

/** Polls the job until it has finished (the job runs in the background of the same process). */
export async function finishedExport(t: TestApp, jobId: string, token: string): Promise<ExportJob> {
  const deadline = Date.now() + 280_000;
  for (;;) {
    const res = await t.request('GET', `/api/exports/${jobId}`, { token });
    expect(res.status).toBe(200);
    const job = ExportJobSchema.parse(res.body.job);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`export ${jobId} still ${job.status}: ${job.progress.step}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The finished job's EPUB, downloaded as a reader would and unzipped. */
export async function epubOf(t: TestApp, job: ExportJob, token: string): Promise<Map<string, ZipEntry>> {
  expect(job.downloadUrl, JSON.stringify(job.error)).not.toBeNull();
  const download = await t.app.request(job.downloadUrl ?? '', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(download.status).toBe(200);
  return readZip(Buffer.from(await download.arrayBuffer()));
}
