import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAce } from '@galley/api/export/checkers/ace';
import { runEpubCheck } from '@galley/api/export/checkers/epubCheck';
import { type EpubChapterSource, packageEpub, prepareEpub } from '@galley/api/export/epubBuilder';
import { h, manuscriptDoc, node, p, type Spec, t } from '@galley/api/export/manuscriptFixtures';
import { gradientPng } from '@galley/api/export/sampleImages';
import { readManuscript } from '@galley/api/export/xhtml/manuscriptTree';
import * as Y from 'yjs';

/**
 * `npx tsx tests/bench/epubExport.bench.ts`: a generated 40-chapter, 300,000-word book with 50 images,
 * through the exporter's phases: chapter documents decoded from Yjs updates (as loaded from storage),
 * rendered and packaged, then EPUBCheck and Ace. Prints each phase's time and the process's peak RSS.
 * Figures, not assertions. BENCH_SKIP_ACE=1 skips Ace (minutes on a busy 2-core machine).
 */
const CHAPTERS = Number(process.env.BENCH_CHAPTERS ?? 40);
const WORDS = Number(process.env.BENCH_WORDS ?? 300_000);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 50);
const WORDS_PER_PARAGRAPH = 100;
const LEXICON =
  'the keeper lamp tide storm harbour night light stone sea wind rope boat gull salt door stair'.split(' ');

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
async function phase<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await run();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    `${name.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(2).padStart(7)} s   peak RSS so far ${mb(peakRss)}`,
  );
  return result;
}

function paragraph(seed: number, words: number): Spec {
  const text = Array.from({ length: words }, (_, i) => LEXICON[(seed * 7 + i * 13) % LEXICON.length]).join(
    ' ',
  );
  const cut = Math.floor(text.length / 3);
  const content: Spec[] = [
    t(`${text.slice(0, cut)} `),
    t(text.slice(cut, cut + 20), { italic: {} }),
    t(`${text.slice(cut + 20)}.`),
  ];
  if (seed % 10 === 0) content.push(node('footnote', { id: `n${seed}`, note: `Note ${seed}.` }));
  return p(...content);
}

function chapterUpdate(index: number, words: number, imageIds: string[]): Uint8Array {
  const blocks: Spec[] = [h(1, `Chapter ${index + 1}`)];
  const paragraphs = Math.ceil(words / WORDS_PER_PARAGRAPH);
  for (let i = 0; i < paragraphs; i++) {
    if (i > 0 && i % 25 === 0) blocks.push(h(2, `Section ${i / 25}`), node('horizontalRule'));
    blocks.push(paragraph(index * 1000 + i, WORDS_PER_PARAGRAPH));
    if (i === 10 || i === 40) {
      const mediaId = imageIds.shift();
      if (mediaId)
        blocks.push(node('image', { mediaId, alt: `Figure ${mediaId}`, caption: `Caption ${mediaId}` }));
    }
  }
  return Y.encodeStateAsUpdate(manuscriptDoc(blocks));
}

const workDir = await mkdtemp(join(tmpdir(), 'galley-export-bench-'));
try {
  console.log(`EPUB export bench: ${CHAPTERS} chapters, ${WORDS} words, ${IMAGES} images`);
  const imageIds = Array.from({ length: IMAGES }, (_, i) => `img${i}`);
  const media = new Map(imageIds.map((id, i) => [id, gradientPng(600, 400, i)]));
  const updates = await phase('generate chapter updates', () => {
    const queue = [...imageIds];
    return Array.from({ length: CHAPTERS }, (_, i) => chapterUpdate(i, Math.round(WORDS / CHAPTERS), queue));
  });
  const chapters = await phase('load (apply updates) + read trees', () =>
    updates.map((update, i): EpubChapterSource => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      const tree = readManuscript(doc);
      doc.destroy();
      return { id: `c${i}`, title: `Chapter ${i + 1}`, kind: 'chapter', tree };
    }),
  );
  const modified = new Date();
  const prepared = await phase('render XHTML + nav + package', () =>
    prepareEpub({
      metadata: { bookId: 'bench', title: 'Bench', language: 'en' },
      chapters,
      media,
      cover: null,
      modified,
    }),
  );
  const epub = await phase('zip', () =>
    packageEpub(prepared, { conforms: true, certifiedBy: 'bench' }, modified),
  );
  const epubPath = join(workDir, 'bench.epub');
  await writeFile(epubPath, epub);
  console.log(
    `EPUB size ${mb(epub.byteLength)} (${epub.byteLength} bytes), ${prepared.facts.footnotes} footnotes`,
  );
  const check = await phase('EPUBCheck', () =>
    runEpubCheck(epubPath, { jar: '/usr/share/java/epubcheck.jar', workDir, timeoutMs: 20 * 60_000 }),
  );
  const blocking = check.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity));
  console.log(
    `EPUBCheck ${check.version}: ${check.messages.length} messages, ${blocking.length} fatal/error/warning`,
  );
  if (!process.env.BENCH_SKIP_ACE) {
    const ace = await phase('Ace by DAISY', () =>
      runAce(epubPath, {
        chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        workDir,
        timeoutMs: 30 * 60_000,
      }),
    );
    const serious = ace.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    console.log(
      `Ace ${ace.version}: ${ace.violations.length} violations, ${serious.length} critical/serious`,
    );
  }
  console.log(
    `peak RSS of the exporting process: ${mb(peakRss)} (checkers run as child processes, not counted)`,
  );
} finally {
  clearInterval(sampler);
  await rm(workDir, { recursive: true, force: true });
}
