import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { runProcess } from './runProcess.ts';

const EpubCheckJsonSchema = z.object({
  checker: z.object({ checkerVersion: z.string().optional() }).loose(),
  messages: z.array(
    z
      .object({
        ID: z.string(),
        severity: z.string(),
        message: z.string(),
        locations: z
          .array(
            z
              .object({
                path: z.string().optional(),
                line: z.number().optional(),
                column: z.number().optional(),
              })
              .loose(),
          )
          .default([]),
      })
      .loose(),
  ),
});

export type EpubCheckSeverity = 'FATAL' | 'ERROR' | 'WARNING' | 'USAGE' | 'INFO' | 'SUPPRESSED';

export interface EpubCheckMessage {
  id: string;
  severity: string;
  message: string;
  /** Paths inside the container (`EPUB/text/chapter-01.xhtml`), with line and column when known. */
  locations: { path: string; line: number | null; column: number | null }[];
}

export interface EpubCheckReport {
  version: string;
  messages: EpubCheckMessage[];
  /** The JSON EPUBCheck wrote, stored with the export as it came. */
  raw: string;
}

/** Errors, fatals and warnings fail an export; USAGE and INFO are advice and do not. */
export const isBlockingSeverity = (severity: string): boolean =>
  ['FATAL', 'ERROR', 'WARNING'].includes(severity);

/**
 * Runs EPUBCheck (`java -jar <jar> <file> --json <out>`) and reads its JSON report. EPUBCheck exits
 * non-zero when it finds errors; that is a result, not a failure — only a missing report is.
 */
export async function runEpubCheck(
  epubPath: string,
  options: { jar: string; workDir: string; timeoutMs: number },
): Promise<EpubCheckReport> {
  const out = join(options.workDir, 'epubcheck.json');
  // A short run: C1-only JIT and the serial collector halve EPUBCheck's CPU time on a small machine.
  const jvmFlags = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
  const result = await runProcess('java', [...jvmFlags, '-jar', options.jar, epubPath, '--json', out], {
    timeoutMs: options.timeoutMs,
  });
  let raw: string;
  try {
    raw = await readFile(out, 'utf8');
  } catch {
    throw new Error(`EPUBCheck wrote no report (exit ${result.exitCode}): ${result.stderr.slice(0, 2000)}`);
  }
  const parsed = EpubCheckJsonSchema.parse(JSON.parse(raw));
  return {
    version: parsed.checker.checkerVersion ?? 'unknown',
    raw,
    messages: parsed.messages.map((m) => ({
      id: m.ID,
      severity: m.severity,
      message: m.message,
      locations: m.locations.map((l) => ({
        path: l.path ?? '',
        line: l.line ?? null,
        column: l.column ?? null,
      })),
    })),
  };
}
