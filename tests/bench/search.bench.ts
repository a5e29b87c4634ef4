import { availableParallelism, loadavg } from 'node:os';
import type { BookSearchDocument } from '@galley/api/search/bookSearchDocument';
import { MiniSearchIndex } from '@galley/api/search/miniSearchIndex';
import type { SearchFilters, SearchViewer } from '@galley/api/search/searchIndex';

/**
 * `npx tsx tests/bench/search.bench.ts` (part of `npm run bench`): 1,000 generated books, each with
 * 10 chapters of 500 words (5,000 words a book, 5 million in all: a catalogue of novellas, or of
 * novels' first chapters) over a 20,000-word vocabulary with Zipf frequencies like English prose.
 * Prints the time to index them, the snapshot's size and load time, and p50/p99 of queries of each
 * kind through the index as the route calls it (access filter, ranking, snippets), for a publisher
 * (who sees every book) and for an author (who sees five). Figures, not assertions.
 */
const BOOKS = Number(process.env.BENCH_BOOKS ?? 1000);
const CHAPTERS = Number(process.env.BENCH_CHAPTERS ?? 10);
const WORDS_PER_CHAPTER = Number(process.env.BENCH_WORDS_PER_CHAPTER ?? 500);
const VOCABULARY = 20_000;
const QUERIES_PER_KIND = Number(process.env.BENCH_QUERIES ?? 200);

/** Deterministic, so two runs index the same catalogue. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SYLLABLES = 'ka lo ren ta mi sor vel an dre ith ul po qua zen bri ost ema lin tor fa ger hul nix'.split(
  ' ',
);
const words = new Set<string>();
while (words.size < VOCABULARY) {
  // Up to four syllables: 23 syllables make 290,000 words, enough for any VOCABULARY here.
  const count = 1 + Math.floor(random() * 4);
  words.add(Array.from({ length: count }, () => pick(SYLLABLES)).join(''));
}
const vocabulary = [...words];
// Zipf (s = 1): the cumulative weights of ranks 1..n, sampled by binary search.
const cumulative: number[] = [];
let total = 0;
for (let rank = 1; rank <= VOCABULARY; rank++) {
  total += 1 / rank;
  cumulative.push(total);
}
function zipfWord(): string {
  const target = random() * total;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return vocabulary[low]!;
}
function sentence(length: number): string {
  const text = Array.from({ length }, zipfWord).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
function paragraphText(wordCount: number): string {
  const sentences: string[] = [];
  for (let left = wordCount; left > 0; ) {
    const length = Math.min(left, 8 + Math.floor(random() * 14));
    sentences.push(sentence(length));
    left -= length;
  }
  return sentences.join(' ');
}

const STATUSES = ['draft', 'submitted', 'in_review', 'approved', 'published'];
const LANGUAGES = ['en', 'en-GB', 'en-US', 'fr', 'de', 'es'];
const SUBJECTS = ['FIC000000', 'FIC019000', 'FIC022000', 'HIS000000', 'FBA', 'FF', 'DNB'];
const FIRST = ['Ada', 'Zoë', 'Hélène', 'Tomás', 'Ines', 'Kwame', 'Mei', 'Olu', 'Saoirse', 'Ravi'];
const LAST = ['Okafor', 'Lindqvist', 'Durand', 'Moreau', 'Nakamura', 'Byrne', 'Costa', 'Haddad'];
const AUTHORS = Array.from({ length: 200 }, (_, i) => `author-${i}`);

function generateBook(i: number): BookSearchDocument {
  const owner = AUTHORS[i % AUTHORS.length]!;
  return {
    bookId: `bench${String(i).padStart(6, '0')}`,
    title: sentence(2 + Math.floor(random() * 4)).slice(0, -1),
    subtitle: random() < 0.4 ? sentence(5).slice(0, -1) : null,
    status: pick(STATUSES),
    language: pick(LANGUAGES),
    contributors: [{ name: `${pick(FIRST)} ${pick(LAST)}`, role: 'aut' }],
    subjects: [pick(SUBJECTS)],
    metadata: [paragraphText(60), Array.from({ length: 5 }, zipfWord).join('\n')].join('\n'),
    chapters: Array.from({ length: CHAPTERS }, (_, c) => ({
      chapterId: `c${c}`,
      title: sentence(3).slice(0, -1),
      text: Array.from({ length: WORDS_PER_CHAPTER / 100 }, () => paragraphText(100)).join('\n'),
      seq: 1,
    })),
    members: { [owner]: 'owner', [AUTHORS[(i + 7) % AUTHORS.length]!]: 'editor' },
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

let started = performance.now();
const books = Array.from({ length: BOOKS }, (_, i) => generateBook(i));
const generatedMs = performance.now() - started;
const totalWords = BOOKS * CHAPTERS * WORDS_PER_CHAPTER;

const index = new MiniSearchIndex();
started = performance.now();
for (const book of books) index.upsert(book);
const indexMs = performance.now() - started;
const heapAfterIndex = process.memoryUsage().heapUsed;

started = performance.now();
const snapshot = index.serialize();
const serializeMs = performance.now() - started;
started = performance.now();
new MiniSearchIndex().load(snapshot);
const loadMs = performance.now() - started;

const byRank = (from: number, to: number) => () => vocabulary[from + Math.floor(random() * (to - from))]!;
const common = byRank(10, 100);
const middling = byRank(300, 3000);
const rare = byRank(5000, 20_000);
const typo = (word: string) => {
  const at = 1 + Math.floor(random() * (word.length - 2));
  return `${word.slice(0, at)}${word[at] === 'e' ? 'a' : 'e'}${word.slice(at + 1)}`;
};
const KINDS: { name: string; q: () => string; filters?: () => SearchFilters }[] = [
  { name: 'one common word', q: common },
  { name: 'one middling word', q: middling },
  { name: 'one rare word', q: rare },
  { name: 'two words', q: () => `${middling()} ${middling()}` },
  { name: 'three words', q: () => `${common()} ${middling()} ${rare()}` },
  { name: 'prefix (4 letters)', q: () => middling().slice(0, 4) },
  {
    name: 'typo (5+ letters)',
    q: () => typo(vocabulary.slice(300, 3000).filter((w) => w.length >= 6)[Math.floor(random() * 500)]!),
  },
  { name: 'word + status + lang', q: middling, filters: () => ({ status: pick(STATUSES), language: 'en' }) },
];
const VIEWERS: { name: string; viewer: SearchViewer }[] = [
  { name: 'publisher (all 1,000)', viewer: { userId: 'pub', roles: ['publisher'] } },
  { name: 'author (own 10)', viewer: { userId: 'author-3', roles: ['author'] } },
];

console.log(
  `Galley search bench — ${BOOKS} books × ${CHAPTERS} chapters × ${WORDS_PER_CHAPTER} words = ${(totalWords / 1e6).toFixed(1)} M words, ${VOCABULARY.toLocaleString('en')}-word Zipf vocabulary`,
);
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at start (figures scale with what else runs)`,
);
console.log(
  `generate ${generatedMs.toFixed(0)} ms · index ${(indexMs / 1000).toFixed(1)} s (${(((totalWords / indexMs) * 1000) / 1e6).toFixed(2)} M words/s) · heap ${mb(heapAfterIndex)} · snapshot ${mb(snapshot.length)} JSON, serialize ${serializeMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms`,
);
// Warm the JIT so the first kind does not pay for it.
for (let i = 0; i < 50; i++)
  index.search({ q: middling(), filters: {}, viewer: VIEWERS[0]!.viewer, limit: 20 });

console.log('query (limit 20, with snippets)   | viewer                 | p50 ms | p99 ms | avg hits');
const all: number[] = [];
for (const { name: viewerName, viewer } of VIEWERS) {
  for (const kind of KINDS) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < QUERIES_PER_KIND; i++) {
      const request = { q: kind.q(), filters: kind.filters?.() ?? {}, viewer, limit: 20 };
      const t0 = performance.now();
      const page = index.search(request);
      times.push(performance.now() - t0);
      hits += page.items.length;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(
      [
        kind.name.padEnd(33),
        viewerName.padEnd(22),
        percentile(times, 50).toFixed(2).padStart(6),
        percentile(times, 99).toFixed(2).padStart(6),
        (hits / QUERIES_PER_KIND).toFixed(1).padStart(8),
      ].join(' | '),
    );
  }
}
all.sort((a, b) => a - b);
console.log(
  `all ${all.length} queries: p50 ${percentile(all, 50).toFixed(2)} ms, p99 ${percentile(all, 99).toFixed(2)} ms`,
);
