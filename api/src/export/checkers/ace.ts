import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import { runProcess } from './runProcess.ts';

const AceAssertionSchema = z
  .object({
    'earl:test': z
      .object({
        'earl:impact': z.string().optional(),
        'dct:title': z.string(),
        'dct:description': z.string().optional(),
      })
      .loose(),
    'earl:result': z
      .object({
        'earl:outcome': z.string(),
        'dct:description': z.string().optional(),
        'earl:pointer': z
          .object({ css: z.array(z.string()).optional(), cfi: z.array(z.string()).optional() })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

const AceReportSchema = z
  .object({
    'earl:result': z.object({ 'earl:outcome': z.string() }).loose(),
    assertions: z.array(
      z
        .object({
          'earl:testSubject': z.object({ url: z.string() }).loose(),
          assertions: z.array(AceAssertionSchema).default([]),
        })
        .loose(),
    ),
    'earl:assertedBy': z
      .object({ 'doap:release': z.object({ 'doap:revision': z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();

export interface AceViolation {
  impact: string;
  rule: string;
  description: string;
  /** Path inside the container of the document (`EPUB/text/chapter-01.xhtml`). */
  path: string;
  /** CSS selectors of the offending elements, when Ace gives them. */
  selectors: string[];
  /** EPUB CFI paths of the same elements inside the document (`/4/2[section-chapter-01]/6/2`). */
  cfis: string[];
}

export interface AceReport {
  version: string;
  violations: AceViolation[];
  raw: string;
}

/** Critical and serious violations withhold the conformance claim; moderate and minor are reported. */
export const isBlockingImpact = (impact: string): boolean => impact === 'critical' || impact === 'serious';

const require = createRequire(import.meta.url);

/**
 * Runs Ace by DAISY (`@daisy/ace-cli`) on the system Chromium and reads report.json. Ace launches
 * Chromium through puppeteer with `--no-sandbox` already set; puppeteer takes the browser from
 * PUPPETEER_EXECUTABLE_PATH (its own download is disabled in this project). Ace offers no way to pass
 * further Chromium flags.
 */
export async function runAce(
  epubPath: string,
  options: { chromium: string; workDir: string; timeoutMs: number },
): Promise<AceReport> {
  const outDir = join(options.workDir, 'ace');
  const aceBin = require.resolve('@daisy/ace-cli/bin/ace.js');
  const result = await runProcess(
    process.execPath,
    [
      aceBin,
      '--force',
      '--silent',
      '--outdir',
      outDir,
      '--tempdir',
      join(options.workDir, 'ace-tmp'),
      epubPath,
    ],
    {
      timeoutMs: options.timeoutMs,
      env: {
        ...process.env,
        PUPPETEER_EXECUTABLE_PATH: options.chromium,
        PUPPETEER_SKIP_DOWNLOAD: 'true',
        // Ace's own per-document limit stays below ours, so it reports instead of being killed.
        ACE_TIMEOUT_EXTENSION: String(Math.max(10_000, options.timeoutMs - 15_000)),
      },
    },
  );
  let raw: string;
  try {
    raw = await readFile(join(outDir, 'report.json'), 'utf8');
  } catch {
    throw new Error(
      `Ace wrote no report (exit ${result.exitCode}): ${(result.stderr || result.stdout).slice(0, 2000)}`,
    );
  }
  const report = AceReportSchema.parse(JSON.parse(raw));
  const violations: AceViolation[] = [];
  for (const subject of report.assertions) {
    for (const assertion of subject.assertions) {
      if (assertion['earl:result']['earl:outcome'] !== 'fail') continue;
      violations.push({
        impact: assertion['earl:test']['earl:impact'] ?? 'unknown',
        rule: assertion['earl:test']['dct:title'],
        description:
          assertion['earl:result']['dct:description'] ?? assertion['earl:test']['dct:description'] ?? '',
        path: subject['earl:testSubject'].url.replace(/^\/+/, ''),
        selectors: assertion['earl:result']['earl:pointer']?.css ?? [],
        cfis: assertion['earl:result']['earl:pointer']?.cfi ?? [],
      });
    }
  }
  return {
    version: report['earl:assertedBy']?.['doap:release']?.['doap:revision'] ?? 'unknown',
    violations,
    raw,
  };
}
