import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { plainText, type TreeChild, type TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { node, textRun } from './importedManuscript.ts';

export interface SplitChapter {
  title: string;
  /** Starts with the title as H1; deeper headings are H2–H4. */
  blocks: TreeNode[];
}

const TITLE_MAX = 200;
const SECTION_MIN = 2;
const SECTION_MAX = 4;

const isHeading = (child: TreeChild): child is TreeNode =>
  child.kind === 'node' && child.type === ManuscriptNodes.heading;
const levelOf = (heading: TreeNode) => Number(heading.attrs.level) || 1;

/**
 * Splits a converted file into chapters at its top heading level (H1 in most files; H2 when a file
 * has no H1), so a heading at that level becomes a chapter and its title. Deeper headings keep their
 * distance from the top but end up within H2–H4, the levels a chapter may hold. Text before the first
 * top heading becomes a chapter of its own, titled `untitled` (the file's name, usually).
 */
export function splitIntoChapters(blocks: TreeNode[], untitled: string): SplitChapter[] {
  const levels = blocks.filter(isHeading).map(levelOf);
  const top = levels.length ? Math.min(...levels) : null;
  const chapters: SplitChapter[] = [];
  let current: SplitChapter | null = null;
  for (const block of blocks) {
    if (top !== null && isHeading(block) && levelOf(block) === top) {
      const title = titleOf(block, untitled);
      current = { title, blocks: [{ ...block, attrs: { level: 1 } }] };
      chapters.push(current);
      continue;
    }
    if (!current) {
      current = { title: untitled, blocks: [titleHeading(untitled)] };
      chapters.push(current);
    }
    current.blocks.push(relevel(block, top ?? 1));
  }
  return chapters;
}

function titleOf(heading: TreeNode, fallback: string): string {
  const text = plainText(heading).replace(/\s+/g, ' ').trim();
  return (text || fallback).slice(0, TITLE_MAX);
}

const titleHeading = (title: string) => node(ManuscriptNodes.heading, { level: 1 }, [textRun(title)]);

/** Headings below the top level, wherever they are (a heading in a table cell too), become sections. */
function relevel(block: TreeNode, top: number): TreeNode {
  const content = block.content.map((child) => (child.kind === 'node' ? relevel(child, top) : child));
  if (block.type !== ManuscriptNodes.heading) return { ...block, content };
  const level = Math.min(SECTION_MAX, Math.max(SECTION_MIN, 1 + levelOf(block) - top));
  return { ...block, attrs: { ...block.attrs, level }, content };
}
