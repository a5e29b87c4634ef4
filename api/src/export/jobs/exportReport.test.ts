import { describe, expect, it } from 'vitest';
import { readSourceMarks, sourceMark } from '../xhtml/sourceMap.ts';
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
            cfis: [],
          },
          {
            impact: 'moderate',
            rule: 'metadata-accessibilitysummary',
            description: 'x',
            path: 'EPUB/package.opf',
            selectors: [],
            cfis: [],
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
        violations: [{ impact: 'minor', rule: 'r', description: 'd', path: '', selectors: [], cfis: [] }],
      },
      problems: [],
      chapterPaths,
    });
    expect(report).toMatchObject({ valid: true, accessible: true });
  });

  it('places findings at the manuscript position of the element each checker points at', () => {
    const { map } = readSourceMarks(
      `<html>\n<body>\n<section id="s">\n${sourceMark(0)}<h1 id="h-1">T</h1>\n${sourceMark(3)}<figure class="image"><img src="../images/a.png"/></figure>\n</section>\n</body>\n</html>`,
    );
    const report = summariseReport({
      epubCheck: {
        version: '5.1.0',
        raw: '{}',
        messages: [
          {
            id: 'RSC-005',
            severity: 'ERROR',
            message: 'bad attribute',
            locations: [{ path: 'EPUB/text/chapter-01.xhtml', line: 5, column: 40 }],
          },
          {
            id: 'RSC-005',
            severity: 'ERROR',
            message: 'in the shell',
            locations: [{ path: 'EPUB/text/chapter-01.xhtml', line: 2, column: 7 }],
          },
          {
            id: 'RSC-005',
            severity: 'ERROR',
            message: 'other chapter',
            locations: [{ path: 'EPUB/text/chapter-02.xhtml', line: 5, column: 40 }],
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
            selectors: ['figure:nth-child(2) > img'],
            cfis: ['/2/2[s]/4/2'],
          },
          {
            impact: 'serious',
            rule: 'x',
            description: 'only a selector',
            path: 'text/chapter-01.xhtml',
            selectors: ['#h-1'],
            cfis: [],
          },
        ],
      },
      problems: [],
      chapterPaths,
      sourceMaps: new Map([['c1', map]]),
    });
    // Only chapter-01 has a map here: chapter-02's finding keeps its chapter without a position.
    expect(report.epubCheck.messages.map((m) => [m.chapterId, m.position])).toEqual([
      ['c1', 3],
      ['c1', undefined],
      ['c2', undefined],
    ]);
    expect(report.epubCheck.messages[1]).not.toHaveProperty('position');
    expect(report.ace.violations.map((v) => v.position)).toEqual([3, 0]);
  });
});
