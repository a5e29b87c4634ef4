import type { ChapterKind } from '@galley/shared/api/books';
import { ValidationCode, type ValidationProblem } from '@galley/shared/api/validation';
import { CHAPTER_LINK_PREFIX, ManuscriptMarks, ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';
import type { ChapterWalk } from './manuscriptWalker.ts';

export interface ChapterUnderCheck {
  id: string;
  title: string;
  kind: ChapterKind;
  doc: Y.Doc;
  walk: ChapterWalk;
}

/** What links may point at anywhere in the book. */
export interface BookTargets {
  chapterIds: ReadonlySet<string>;
  /** `id` attributes of nodes (headings, footnotes) across the book. */
  anchorIds: ReadonlySet<string>;
}

type Found = Omit<ValidationProblem, 'where'> & { position?: number };

/** Every problem in one chapter, located by ProseMirror position where there is one. */
export function checkChapter(chapter: ChapterUnderCheck, targets: BookTargets): ValidationProblem[] {
  const found: Found[] = [
    ...emptiness(chapter),
    ...images(chapter.walk),
    ...footnotes(chapter.walk),
    ...links(chapter.walk, targets),
    ...headings(chapter.walk),
    ...comments(chapter.doc),
  ];
  // In reading order, so the report reads like the chapter; whole-chapter problems come last.
  found.sort((a, b) => (a.position ?? Number.POSITIVE_INFINITY) - (b.position ?? Number.POSITIVE_INFINITY));
  return found.map(({ position, ...problem }) => ({
    ...problem,
    where: {
      kind: 'chapter',
      chapterId: chapter.id,
      chapterTitle: chapter.title,
      ...(position === undefined ? {} : { position }),
    },
  }));
}

function emptiness(chapter: ChapterUnderCheck): Found[] {
  // A part divider is legitimately just its title.
  if (chapter.kind === 'part') return [];
  const hasImage = chapter.walk.nodes.some((node) => node.name === ManuscriptNodes.image);
  if (chapter.walk.text.trim() !== '' || hasImage) return [];
  return [
    { code: ValidationCode.chapterEmpty, severity: 'error', message: `“${chapter.title}” has no text.` },
  ];
}

function images(walk: ChapterWalk): Found[] {
  return walk.nodes
    .filter((node) => node.name === ManuscriptNodes.image && !nonBlank(node.attrs.alt))
    .map((node) => ({
      code: ValidationCode.imageMissingAlt,
      severity: 'error' as const,
      message: 'An image has no alternative text; readers using screen readers will not know what it shows.',
      position: node.position,
    }));
}

function footnotes(walk: ChapterWalk): Found[] {
  return walk.nodes
    .filter((node) => node.name === ManuscriptNodes.footnote && !nonBlank(node.attrs.note))
    .map((node) => ({
      code: ValidationCode.footnoteEmpty,
      severity: 'error' as const,
      message: 'A footnote has no text.',
      position: node.position,
    }));
}

function links(walk: ChapterWalk, targets: BookTargets): Found[] {
  const broken: Found[] = [];
  for (const mark of walk.marks) {
    if (mark.name !== ManuscriptMarks.link) continue;
    const href = typeof mark.attrs.href === 'string' ? mark.attrs.href : '';
    const reason = brokenLinkReason(href, targets);
    if (reason) {
      broken.push({
        code: ValidationCode.brokenInternalLink,
        severity: 'error',
        message: reason,
        position: mark.position,
      });
    }
  }
  return broken;
}

/** Why an internal link leads nowhere, or null when it is fine (external links are not fetched). */
function brokenLinkReason(href: string, targets: BookTargets): string | null {
  if (href.startsWith(CHAPTER_LINK_PREFIX)) {
    const [chapterId] = href.slice(CHAPTER_LINK_PREFIX.length).split('#');
    return targets.chapterIds.has(chapterId ?? '')
      ? null
      : `A link points at a chapter that is not in the book (${href}).`;
  }
  if (href.startsWith('#')) {
    return targets.anchorIds.has(href.slice(1))
      ? null
      : `A link points at “${href}”, which is nowhere in the book.`;
  }
  return href.trim() === '' ? 'A link has no address.' : null;
}

/** The chapter's own title is level 1, so its sections start at H2 and go down one level at a time. */
function headings(walk: ChapterWalk): Found[] {
  const found: Found[] = [];
  let previous = 1;
  const all = walk.nodes.filter((node) => node.name === ManuscriptNodes.heading);
  for (const [index, node] of all.entries()) {
    const level = Number(node.attrs.level ?? 1);
    const firstBlock = walk.nodes[0] === node;
    if (level === 1 && !(index === 0 && firstBlock)) {
      found.push({
        code: ValidationCode.chapterTitleMisplaced,
        severity: 'warning',
        message:
          'Only the first line of a chapter may be a chapter title (Heading 1); use Heading 2 for sections.',
        position: node.position,
      });
    } else if (level > previous + 1) {
      found.push({
        code: ValidationCode.headingLevelSkipped,
        severity: 'warning',
        message: `Heading ${level} follows Heading ${previous}: a level is skipped, which breaks the table of contents and screen-reader navigation.`,
        position: node.position,
      });
    }
    previous = level;
  }
  return found;
}

/** Open threads block approval (workflow); here they are reported once per chapter. */
function comments(doc: Y.Doc): Found[] {
  let open = 0;
  for (const thread of doc.getMap(DocRoots.comments).values()) {
    if (thread instanceof Y.Map && thread.get('resolved') !== true) open++;
  }
  if (open === 0) return [];
  return [
    {
      code: ValidationCode.unresolvedComments,
      severity: 'warning',
      message: `${open} comment thread${open === 1 ? ' is' : 's are'} still open.`,
    },
  ];
}

const nonBlank = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
