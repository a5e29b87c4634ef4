import type { ExportReport } from '@galley/shared/api/exports';
import { describe, expect, it } from 'vitest';
import { countsText, exportFindings, exportVerdict } from './exportFindings.ts';
import { nextPollDelay } from './useExportJob.ts';

const chapters = [
  { id: 'ch-dawn', title: 'Dawn' },
  { id: 'ch-dusk', title: 'Dusk & After' },
];

function report(overrides: Partial<ExportReport> = {}): ExportReport {
  return {
    valid: true,
    accessible: true,
    epubCheck: { version: '5.1.0', counts: {}, messages: [], truncated: false },
    ace: { version: '1.3.2', counts: {}, violations: [], truncated: false },
    problems: [],
    ...overrides,
  };
}

describe('export findings', () => {
  it('links each finding to its chapter’s editor (at its position when known), names the file and line, and keeps whole-book ones unlinked', () => {
    const findings = exportFindings(
      report({
        valid: false,
        accessible: false,
        epubCheck: {
          version: '5.1.0',
          counts: { error: 1, warning: 1, usage: 1 },
          messages: [
            {
              id: 'OPF-085',
              severity: 'WARNING',
              message: 'Bad id.',
              path: 'EPUB/package.opf',
              line: 4,
              chapterId: null,
            },
            {
              id: 'RSC-005',
              severity: 'ERROR',
              message: 'Error while parsing.',
              path: 'EPUB/text/chapter-02.xhtml',
              line: 12,
              chapterId: 'ch-dusk',
            },
          ],
          truncated: false,
        },
        ace: {
          version: '1.3.2',
          counts: { critical: 1, minor: 1 },
          violations: [
            {
              impact: 'minor',
              rule: 'region',
              description: 'Content in landmarks.',
              path: null,
              chapterId: null,
            },
            {
              impact: 'critical',
              rule: 'image-alt',
              description: 'Images must have alternate text.',
              path: 'text/chapter-01.xhtml',
              chapterId: 'ch-dawn',
              position: 41,
            },
          ],
          truncated: true,
        },
        problems: [
          { code: 'default_language', message: 'No language.', chapterId: null },
          { code: 'broken_link', message: 'A link went nowhere.', chapterId: 'ch-gone' },
        ],
      }),
      'book 1',
      chapters,
    );

    // Worst first: the error before the warning, the critical violation before the minor one.
    expect(findings.epubCheck.findings).toEqual([
      {
        label: 'error',
        text: 'Error while parsing. (RSC-005)',
        place: {
          kind: 'chapter',
          chapterId: 'ch-dusk',
          title: 'Dusk & After',
          href: '/books/book%201/chapters/ch-dusk',
          detail: 'text/chapter-02.xhtml, line 12',
        },
      },
      { label: 'warning', text: 'Bad id. (OPF-085)', place: { kind: 'file', detail: 'package.opf, line 4' } },
    ]);
    expect(findings.epubCheck.passed).toBe(false);
    expect(countsText(findings.epubCheck.counts)).toBe('1 error, 1 warning');

    expect(findings.ace.findings[0]).toEqual({
      label: 'critical',
      text: 'Images must have alternate text. (image-alt)',
      place: {
        kind: 'chapter',
        chapterId: 'ch-dawn',
        title: 'Dawn',
        // At the image, as a validation problem links (the editor selects `?at=`).
        href: '/books/book%201/chapters/ch-dawn?at=41',
        detail: 'text/chapter-01.xhtml',
      },
    });
    expect(findings.ace.findings[1]?.place).toEqual({ kind: 'book' });
    expect(findings.ace.passed).toBe(false);
    expect(findings.ace.truncated).toBe(true);
    expect(countsText(findings.ace.counts)).toBe('1 critical, 0 serious, 0 moderate, 1 minor');

    // A chapter deleted since the export is named as such, not linked to a page that no longer exists.
    expect(findings.problems).toEqual([
      { label: null, text: 'No language.', place: { kind: 'book' } },
      { label: null, text: 'A link went nowhere.', place: { kind: 'removedChapter', detail: null } },
    ]);
    expect(findings.accessibilityClaimed).toBe(false);
  });

  it('reports a clean export as passed with zero counts', () => {
    const findings = exportFindings(report(), 'b', chapters);
    expect(findings.epubCheck.passed).toBe(true);
    expect(countsText(findings.epubCheck.counts)).toBe('0 errors, 0 warnings');
    expect(findings.ace.passed).toBe(true);
    expect(findings.accessibilityClaimed).toBe(true);
  });

  it('counts fatal messages as errors and only critical or serious violations as failing Ace', () => {
    const findings = exportFindings(
      report({
        epubCheck: { version: 'x', counts: { fatal: 1, error: 2 }, messages: [], truncated: false },
        ace: {
          version: 'y',
          counts: { moderate: 3 },
          violations: [{ impact: 'moderate', rule: 'r', description: 'd', path: null, chapterId: null }],
          truncated: false,
        },
      }),
      'b',
      chapters,
    );
    expect(countsText(findings.epubCheck.counts)).toBe('3 errors, 0 warnings');
    expect(findings.ace.passed).toBe(true);
  });

  it('sums up a job in one line for the list', () => {
    const base = { progress: { percent: 40 }, report: null };
    expect(exportVerdict({ ...base, status: 'queued' })).toBe('Waiting to start');
    expect(exportVerdict({ ...base, status: 'running' })).toBe('Running, 40%');
    expect(exportVerdict({ ...base, status: 'failed' })).toBe('Failed');
    expect(exportVerdict({ ...base, status: 'succeeded', report: report({ accessible: false }) })).toBe(
      'EPUBCheck passed, accessibility not claimed',
    );
  });
});

describe('export polling', () => {
  it('waits longer while the job stands still, up to a cap, and polls soon again once it moves', () => {
    const quiet: number[] = [];
    let delay: number | null = null;
    for (let i = 0; i < 8; i += 1) {
      delay = nextPollDelay(delay, false);
      quiet.push(delay);
    }
    expect(quiet).toEqual([1000, 1500, 2250, 3375, 5063, 7595, 8000, 8000]);
    expect(nextPollDelay(8000, true)).toBe(1000);
  });
});
