import { describe, expect, it } from 'vitest';
import { summariseReport } from './exportReport.ts';

const chapterPaths = new Map([
  ['c1', 'EPUB/text/chapter-01.xhtml'],
  ['c2', 'EPUB/text/chapter-02.xhtml'],
]);

describe('summariseReport', () => {
  it('locates EPUBCheck messages (container paths) and Ace violations (package-relative) in chapters', () => {
    const report = summariseReport({
      epubCheck: {
        version: '4.2.6',
        raw: '{}',
        messages: [
          {
            id: 'RSC-012',
            severity: 'ERROR',
            message: 'Fragment not defined',
            locations: [{ path: 'EPUB/text/chapter-02.xhtml', line: 3, column: 1 }],
          },
          {
            id: 'OPF-xyz',
            severity: 'USAGE',
            message: 'advice',
            locations: [{ path: 'EPUB/package.opf', line: null, column: null }],
          },
        ],
      },
      ace: {
        version: '1.4.6',
        raw: '{}',
        violations: [
          {
            impact: 'critical',
            rule: 'image-alt',
            description: 'no alt',
            path: 'text/chapter-01.xhtml',
            selectors: [],
          },
          {
            impact: 'moderate',
            rule: 'metadata-accessibilitysummary',
            description: 'x',
            path: 'EPUB/package.opf',
            selectors: [],
          },
        ],
      },
      problems: [{ code: 'default_language', message: 'no language', chapterId: '' }],
      chapterPaths,
    });
    expect(report.valid).toBe(false);
    expect(report.accessible).toBe(false);
    expect(report.epubCheck.messages.map((m) => m.chapterId)).toEqual(['c2', null]);
    expect(report.epubCheck.counts).toEqual({ error: 1, usage: 1 });
    expect(report.ace.violations.map((v) => v.chapterId)).toEqual(['c1', null]);
    expect(report.ace.counts).toEqual({ critical: 1, moderate: 1 });
    expect(report.problems).toEqual([{ code: 'default_language', message: 'no language', chapterId: null }]);
  });

  it('counts only usage and moderate findings as passing', () => {
    const report = summariseReport({
      epubCheck: {
        version: '4.2.6',
        raw: '{}',
        messages: [{ id: 'X', severity: 'USAGE', message: 'm', locations: [] }],
      },
      ace: {
        version: '1.4.6',
        raw: '{}',
        violations: [{ impact: 'minor', rule: 'r', description: 'd', path: '', selectors: [] }],
      },
      problems: [],
      chapterPaths,
    });
    expect(report).toMatchObject({ valid: true, accessible: true });
  });
});
