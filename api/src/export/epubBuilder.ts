import type { ChapterKind } from '@galley/shared/api/books';
import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { type ContentFacts, deriveAccessibilityMetadata } from './package/accessibilityMetadata.ts';
import { type EpubFile, PACKAGE_PATH, zipEpub } from './package/epubZip.ts';
import { type Landmark, renderNavDocument, type TocEntry } from './package/navDocument.ts';
import {
  type ManifestItem,
  type PackageMetadata,
  renderPackageDocument,
  type SpineItem,
} from './package/packageDocument.ts';
import { type ImageFacts, inspectImage } from './package/packedImage.ts';
import { BOOK_STYLESHEET } from './package/stylesheet.ts';
import { type ChapterInput, renderChapterDocument, xhtmlDocument } from './xhtml/chapterDocument.ts';
import { assignChapterIds, collectAnchors } from './xhtml/chapterIds.ts';
import { escapeAttr, safeId } from './xhtml/escape.ts';
import type { TreeNode } from './xhtml/manuscriptTree.ts';
import type { PackedImage, RenderProblem } from './xhtml/renderContext.ts';
import type { ChapterSourceMap } from './xhtml/sourceMap.ts';

export interface EpubChapterSource {
  id: string;
  title: string;
  kind: ChapterKind;
  tree: TreeNode;
}

export interface EpubSource {
  metadata: Omit<PackageMetadata, 'modified'>;
  chapters: EpubChapterSource[];
  /** Media id → the image's bytes, for every media id the chapters use that could be read. */
  media: ReadonlyMap<string, Uint8Array>;
  cover: Uint8Array | null;
  modified: Date;
}

/**
 * An EPUB rendered but not yet packaged: everything except the package document, whose
 * accessibility claim depends on what the checkers say about the rest.
 */
export interface PreparedEpub {
  files: EpubFile[];
  facts: ContentFacts;
  problems: RenderProblem[];
  /** Chapter id → its path inside the container, to point checker messages at chapters. */
  chapterPaths: Map<string, string>;
  /** Chapter id → which manuscript position each element of its document came from (never packaged). */
  sourceMaps: Map<string, ChapterSourceMap>;
  packageFor(claim: { conforms: boolean; certifiedBy: string }): string;
}

const TEXT_DIR = 'EPUB/text';

/** Every media id the chapters' images refer to (what the job must fetch before building). */
export function mediaIdsIn(trees: TreeNode[]): Set<string> {
  const ids = new Set<string>();
  const visit = (node: TreeNode) => {
    if (node.type === ManuscriptNodes.image && typeof node.attrs.mediaId === 'string')
      ids.add(node.attrs.mediaId);
    for (const child of node.content) if (child.kind === 'node') visit(child);
  };
  for (const tree of trees) visit(tree);
  return ids;
}

export function prepareEpub(source: EpubSource): PreparedEpub {
  const { metadata } = source;
  const problems: RenderProblem[] = [];
  const files: EpubFile[] = [{ path: 'EPUB/css/book.css', data: BOOK_STYLESHEET }];
  const manifest: ManifestItem[] = [
    { id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'css', href: 'css/book.css', mediaType: 'text/css' },
  ];
  const { images, imageItems } = packImages(source.media, files);
  manifest.push(...imageItems);

  const width = Math.max(2, String(source.chapters.length).length);
  const chapters: ChapterInput[] = source.chapters.map((c, i) => {
    const ids = assignChapterIds(c.tree);
    return { ...c, file: `chapter-${String(i + 1).padStart(width, '0')}.xhtml`, ids };
  });
  const anchors = new Map<string, string>();
  for (const chapter of chapters) collectAnchors(chapter.ids, chapter.file, anchors);
  const context = { chapterFiles: new Map(chapters.map((c) => [c.id, c.file])), anchors, images };

  const facts: ContentFacts = { images: 0, imagesWithoutAlt: 0, tables: 0, footnotes: 0 };
  const toc: TocEntry[] = [];
  const sourceMaps = new Map<string, ChapterSourceMap>();
  for (const chapter of chapters) {
    const rendered = renderChapterDocument(chapter, context, metadata.language);
    sourceMaps.set(chapter.id, rendered.sourceMap);
    files.push({ path: `${TEXT_DIR}/${chapter.file}`, data: rendered.xhtml });
    manifest.push({
      id: itemId(chapter.file),
      href: `text/${chapter.file}`,
      mediaType: 'application/xhtml+xml',
    });
    problems.push(...rendered.problems);
    facts.images += rendered.stats.images;
    facts.imagesWithoutAlt += rendered.stats.imagesWithoutAlt;
    facts.tables += rendered.stats.tables;
    facts.footnotes += rendered.stats.footnotes;
    const href = `text/${chapter.file}`;
    toc.push({
      title: rendered.title,
      href,
      children: rendered.sections.map((s) => ({ title: s.title, href: `${href}#${s.id}` })),
    });
  }

  const cover = source.cover ? addCover(source.cover, metadata, files, manifest) : null;
  if (source.cover && !cover) {
    problems.push({
      code: 'missing_image',
      message: 'The cover is not a JPEG, PNG or GIF image and was left out.',
      chapterId: '',
    });
  }
  if (cover) facts.images += 1; // the cover page's image always has alt text

  const spine = spineOf(chapters, cover !== null);
  files.push({
    path: 'EPUB/nav.xhtml',
    data: renderNavDocument({
      language: metadata.language,
      toc,
      landmarks: landmarksOf(chapters, cover !== null),
    }),
  });
  return {
    files,
    facts,
    problems,
    chapterPaths: new Map(chapters.map((c) => [c.id, `${TEXT_DIR}/${c.file}`])),
    sourceMaps,
    packageFor: (claim) =>
      renderPackageDocument({
        metadata: { ...metadata, modified: source.modified },
        accessibility: deriveAccessibilityMetadata(facts, claim),
        manifest,
        spine,
        coverImageId: cover ? 'cover-image' : null,
      }),
  };
}

/** The finished EPUB file with the package document for `claim`. */
export function packageEpub(
  prepared: PreparedEpub,
  claim: { conforms: boolean; certifiedBy: string },
  mtime: Date,
): Promise<Buffer> {
  return zipEpub([{ path: PACKAGE_PATH, data: prepared.packageFor(claim) }, ...prepared.files], mtime);
}

const itemId = (file: string) => safeId(file.replace(/\.[a-z]+$/, ''), 'item');

function packImages(media: ReadonlyMap<string, Uint8Array>, files: EpubFile[]) {
  const images = new Map<string, PackedImage>();
  const imageItems: ManifestItem[] = [];
  const usedNames = new Set<string>();
  for (const [mediaId, bytes] of media) {
    const facts = inspectImage(bytes);
    if (!facts) continue; // rendered as a missing image, and reported there with its chapter
    let name = safeId(mediaId, 'img');
    for (let n = 2; usedNames.has(name); n++) name = `${safeId(mediaId, 'img')}-${n}`;
    usedNames.add(name);
    files.push({ path: `EPUB/images/${name}.${facts.ext}`, data: bytes });
    imageItems.push({ id: `image-${name}`, href: `images/${name}.${facts.ext}`, mediaType: facts.mediaType });
    images.set(mediaId, { href: `../images/${name}.${facts.ext}`, width: facts.width, height: facts.height });
  }
  return { images, imageItems };
}

function addCover(
  bytes: Uint8Array,
  metadata: EpubSource['metadata'],
  files: EpubFile[],
  manifest: ManifestItem[],
): ImageFacts | null {
  const facts = inspectImage(bytes);
  if (!facts) return null;
  const href = `images/cover.${facts.ext}`;
  files.push({ path: `EPUB/${href}`, data: bytes });
  manifest.push({ id: 'cover-image', href, mediaType: facts.mediaType, properties: 'cover-image' });
  const authors = (metadata.contributors ?? []).filter((c) => c.role === 'aut').map((c) => c.name);
  const alt = `Cover of ${metadata.title}${authors.length ? ` by ${authors.join(', ')}` : ''}`;
  const body = `<section epub:type="cover" class="cover">
<img role="doc-cover" src="../${href}" alt="${escapeAttr(alt)}" width="${facts.width}" height="${facts.height}"/>
</section>`;
  files.push({
    path: `${TEXT_DIR}/cover.xhtml`,
    data: xhtmlDocument({ title: 'Cover', language: metadata.language, body, bodyClass: 'cover' }),
  });
  manifest.push({ id: 'cover', href: 'text/cover.xhtml', mediaType: 'application/xhtml+xml' });
  return facts;
}

/**
 * Reading order: the cover, then the chapters in the book's order (all linear, as in print), with the
 * contents page after the leading front matter. The chapters keep their order so the table of
 * contents and the spine agree (reading systems and EPUBCheck expect the toc in reading order).
 */
function spineOf(chapters: ChapterInput[], hasCover: boolean): SpineItem[] {
  const spine: SpineItem[] = hasCover ? [{ idref: 'cover', linear: true }] : [];
  const leadingFront = chapters.findIndex((c) => c.kind !== 'front_matter');
  const navAt = leadingFront === -1 ? chapters.length : leadingFront;
  chapters.forEach((c, i) => {
    if (i === navAt) spine.push({ idref: 'nav', linear: true });
    spine.push({ idref: itemId(c.file), linear: true });
  });
  if (navAt === chapters.length) spine.push({ idref: 'nav', linear: true });
  return spine;
}

function landmarksOf(chapters: ChapterInput[], hasCover: boolean): Landmark[] {
  const landmarks: Landmark[] = [];
  if (hasCover) landmarks.push({ type: 'cover', title: 'Cover', href: 'text/cover.xhtml' });
  landmarks.push({ type: 'toc', title: 'Contents', href: 'nav.xhtml#toc' });
  const firstFront = chapters.find((c) => c.kind === 'front_matter');
  if (firstFront)
    landmarks.push({ type: 'frontmatter', title: 'Front matter', href: `text/${firstFront.file}` });
  const start = chapters.find((c) => c.kind === 'chapter' || c.kind === 'part');
  if (start) landmarks.push({ type: 'bodymatter', title: 'Start of content', href: `text/${start.file}` });
  const firstBack = chapters.find((c) => c.kind === 'back_matter');
  if (firstBack) landmarks.push({ type: 'backmatter', title: 'Back matter', href: `text/${firstBack.file}` });
  return landmarks;
}
