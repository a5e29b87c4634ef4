import type { ExportReport } from '@galley/shared/api/exports';
import { type AceReport, isBlockingImpact } from '../checkers/ace.ts';
import { type EpubCheckReport, isBlockingSeverity } from '../checkers/epubCheck.ts';
import type { RenderProblem } from '../xhtml/renderContext.ts';
import { positionAtLine, positionAtPointer } from '../xhtml/sourceLookup.ts';
import type { ChapterSourceMap } from '../xhtml/sourceMap.ts';

const PACKAGE_DIR = 'EPUB';

/** Findings kept in the job item; the full JSON reports are in S3 beside the EPUB. */
const MAX_FINDINGS = 100;
const MAX_MESSAGE_CHARS = 500;

const clip = (text: string) =>
  text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Only positions the schema takes; a lookup that found nothing leaves the finding without one. */
const positionField = (position: number | null | undefined) =>
  position === null || position === undefined ? {} : { position };

/**
 * Both checkers' findings, summarised for the job and the client: each located in its chapter when
 * the file it names is a chapter (`chapterPaths` maps chapter ids to paths in the container), and at
 * the manuscript position of the offending element when the chapter's source map resolves the
 * checker's pointer (EPUBCheck's line and column, Ace's CFI or CSS selector).
 */
export function summariseReport(options: {
  epubCheck: EpubCheckReport;
  ace: AceReport;
  problems: RenderProblem[];
  chapterPaths: ReadonlyMap<string, string>;
  sourceMaps?: ReadonlyMap<string, ChapterSourceMap>;
}): ExportReport {
  const mapOf = (chapterId: string | null) => (chapterId ? options.sourceMaps?.get(chapterId) : undefined);
  const chapterOf = new Map([...options.chapterPaths].map(([id, path]) => [path, id]));
  // EPUBCheck names container paths (`EPUB/text/…`); Ace names content documents relative to the package.
  const chapterAt = (path: string | null) => {
    const bare = path?.replace(/^\/+/, '');
    return bare ? (chapterOf.get(bare) ?? chapterOf.get(`${PACKAGE_DIR}/${bare}`) ?? null) : null;
  };
  const messages = options.epubCheck.messages.map((m) => {
    const at = m.locations[0];
    const chapterId = chapterAt(at?.path ?? null);
    const map = mapOf(chapterId);
    return {
      id: m.id,
      severity: m.severity,
      message: clip(m.message),
      path: at?.path || null,
      line: at?.line ?? null,
      chapterId,
      ...positionField(map && at?.line != null ? positionAtLine(map, at.line, at.column) : null),
    };
  });
  const violations = options.ace.violations.map((v) => {
    const chapterId = chapterAt(v.path);
    const map = mapOf(chapterId);
    return {
      impact: v.impact,
      rule: v.rule,
      description: clip(v.description),
      path: v.path || null,
      chapterId,
      ...positionField(map ? positionAtPointer(map, v) : null),
    };
  });
  return {
    valid: !messages.some((m) => isBlockingSeverity(m.severity)),
    accessible: !violations.some((v) => isBlockingImpact(v.impact)),
    epubCheck: {
      version: options.epubCheck.version,
      counts: countBy(messages, (m) => m.severity.toLowerCase()),
      messages: messages.slice(0, MAX_FINDINGS),
      truncated: messages.length > MAX_FINDINGS,
    },
    ace: {
      version: options.ace.version,
      counts: countBy(violations, (v) => v.impact),
      violations: violations.slice(0, MAX_FINDINGS),
      truncated: violations.length > MAX_FINDINGS,
    },
    problems: options.problems.slice(0, MAX_FINDINGS).map((p) => ({
      code: p.code,
      message: clip(p.message),
      chapterId: p.chapterId || null,
    })),
  };
}
