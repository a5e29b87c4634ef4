import type { ExportReport } from '@galley/shared/api/exports';
import { chapterPlaceHref } from '../../../editor/chapterPlace.ts';

/** Where a finding is: a chapter of the book (a link to its editor), a file in the EPUB, or the whole book. */
export type FindingPlace =
  | { kind: 'chapter'; chapterId: string; title: string; href: string; detail: string | null }
  | { kind: 'removedChapter'; detail: string | null }
  | { kind: 'file'; detail: string }
  | { kind: 'book' };

export interface Finding {
  /** fatal/error/warning/… for EPUBCheck, critical/serious/… for Ace; none for the exporter's own notes. */
  label: string | null;
  text: string;
  place: FindingPlace;
}

export interface CheckerSummary {
  passed: boolean;
  version: string;
  /** Counts worth a headline, in a fixed order, with zeroes kept ("0 errors, 0 warnings"). */
  counts: { name: string; count: number }[];
  findings: Finding[];
  /** The job keeps the first 100 findings; the full report has them all. */
  truncated: boolean;
}

export interface ExportFindings {
  epubCheck: CheckerSummary;
  ace: CheckerSummary;
  /** What the exporter left out or changed while building the file (a broken link, a missing image). */
  problems: Finding[];
  /** Whether the package claims EPUB Accessibility conformance and carries the summary. */
  accessibilityClaimed: boolean;
}

/** Ace impacts from worst to least; critical and serious ones stop the accessibility claim. */
export const ACE_IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
const SEVERITY_ORDER = ['FATAL', 'ERROR', 'WARNING', 'USAGE', 'INFO'];

const rank = (order: readonly string[], value: string) => {
  const at = order.indexOf(value);
  return at === -1 ? order.length : at;
};

/**
 * The job's report as the screen shows it: each finding placed in the book's chapter when the
 * checker named a chapter's file (the api maps file → chapter), linked to that chapter's editor at
 * the offending node when the api could trace the checker's pointer back to it (`position`), as a
 * validation problem links. The file and line are given as text as well.
 */
export function exportFindings(
  report: ExportReport,
  bookId: string,
  chapters: ReadonlyArray<{ id: string; title: string }>,
): ExportFindings {
  const titles = new Map(chapters.map((chapter) => [chapter.id, chapter.title]));
  const place = (
    chapterId: string | null,
    path: string | null,
    line: number | null,
    position?: number,
  ): FindingPlace => {
    const file = path ? shortPath(path) : null;
    const detail = file && line !== null ? `${file}, line ${line}` : file;
    if (chapterId) {
      const title = titles.get(chapterId);
      if (title === undefined) return { kind: 'removedChapter', detail };
      const href = chapterPlaceHref(bookId, chapterId, position);
      return { kind: 'chapter', chapterId, title, href, detail };
    }
    return detail ? { kind: 'file', detail } : { kind: 'book' };
  };

  const counts = report.epubCheck.counts;
  const messages = [...report.epubCheck.messages].sort(
    (a, b) => rank(SEVERITY_ORDER, a.severity) - rank(SEVERITY_ORDER, b.severity),
  );
  const violations = [...report.ace.violations].sort(
    (a, b) => rank(ACE_IMPACTS, a.impact) - rank(ACE_IMPACTS, b.impact),
  );
  return {
    epubCheck: {
      passed: report.valid,
      version: report.epubCheck.version,
      counts: [
        { name: 'errors', count: (counts.fatal ?? 0) + (counts.error ?? 0) },
        { name: 'warnings', count: counts.warning ?? 0 },
      ],
      findings: messages.map((m) => ({
        label: m.severity.toLowerCase(),
        text: `${m.message} (${m.id})`,
        place: place(m.chapterId, m.path, m.line, m.position),
      })),
      truncated: report.epubCheck.truncated,
    },
    ace: {
      passed: !violations.some((v) => v.impact === 'critical' || v.impact === 'serious'),
      version: report.ace.version,
      counts: ACE_IMPACTS.map((impact) => ({ name: impact, count: report.ace.counts[impact] ?? 0 })),
      findings: violations.map((v) => ({
        label: v.impact,
        text: `${v.description} (${v.rule})`,
        place: place(v.chapterId, v.path, null, v.position),
      })),
      truncated: report.ace.truncated,
    },
    problems: report.problems.map((p) => ({
      label: null,
      text: p.message,
      place: place(p.chapterId, null, null),
    })),
    accessibilityClaimed: report.accessible,
  };
}

/** `EPUB/text/chapter-03.xhtml` → `text/chapter-03.xhtml`: the package folder is the same for every file. */
function shortPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/^EPUB\//, '');
}

/** "0 errors, 2 warnings"; one noun per count, singular when it is one. */
export function countsText(counts: CheckerSummary['counts']): string {
  return counts
    .map(({ name, count }) => `${count} ${count === 1 ? name.replace(/s$/, '') : name}`)
    .join(', ');
}

/** One line about a job for the list of exports: where it stands or what the checkers said. */
export function exportVerdict(job: {
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { percent: number };
  report: ExportReport | null;
}): string {
  if (job.status === 'queued') return 'Waiting to start';
  if (job.status === 'running') return `Running, ${job.progress.percent}%`;
  if (job.status === 'failed' || !job.report) return 'Failed';
  const epubCheck = job.report.valid ? 'EPUBCheck passed' : 'EPUBCheck failed';
  const ace = job.report.accessible ? 'accessibility claimed' : 'accessibility not claimed';
  return `${epubCheck}, ${ace}`;
}
