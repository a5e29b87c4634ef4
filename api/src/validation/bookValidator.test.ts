import { type BookDetail, BookDetailSchema, type ChapterSummary } from '@galley/shared/api/books';
import type { ValidationProblem } from '@galley/shared/api/validation';
import { DocRoots } from '@galley/shared/sync/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateBook } from './bookValidator.ts';
import { chapterDoc, footnote, h, image, link, p, text } from './testManuscript.ts';

function publishableBook(chapters: ChapterSummary[], overrides: Partial<BookDetail> = {}): BookDetail {
  return BookDetailSchema.parse({
    id: 'b1',
    title: 'The Lighthouse Keeper',
    subtitle: null,
    status: 'draft',
    ownerId: 'u1',
    role: 'owner',
    updatedAt: '2026-11-25T10:00:00.000Z',
    version: 7,
    chapters,
    contributors: [{ name: 'Ada Author', role: 'aut' }],
    language: 'en',
    description: 'A keeper, a storm, a light.',
    subjects: { bisac: ['FIC000000'], thema: [] },
    isbn: '9780306406157',
    publisher: 'Galley Press',
    rights: '© 2026 Ada Author',
    ...overrides,
  });
}

const chapter = (id: string, title: string, kind: ChapterSummary['kind'] = 'chapter'): ChapterSummary => ({
  id,
  title,
  kind,
  order: 0,
  version: 1,
});

const codes = (problems: ValidationProblem[]) => problems.map((problem) => problem.code);
const BIG_COVER = { width: 1600, height: 2560 };

describe('validating a book', () => {
  it('finds nothing wrong with a complete, publishable book', () => {
    const one = chapter('c1', 'The Storm');
    const two = chapter('c2', 'Morning Light');
    const report = validateBook({
      book: publishableBook([one, two]),
      chapters: [
        { chapter: one, doc: chapterDoc(h(1, 'The Storm'), p('Rain.', footnote('A real storm.', 'n1'))) },
        {
          chapter: two,
          doc: chapterDoc(
            p(text('Back to ', link('chapter:c1')), text('the note', link('#n1'))),
            image('A lamp'),
          ),
        },
      ],
      cover: BIG_COVER,
      checkedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(report).toMatchObject({ bookId: 'b1', bookVersion: 7, errors: 0, warnings: 0, problems: [] });
  });

  it('locates each manuscript problem in its chapter at the position the editor selects', () => {
    const storm = chapter('c1', 'The Storm');
    const empty = chapter('c2', 'Blank');
    const part = chapter('c3', 'Part One', 'part');
    const doc = chapterDoc(
      p('Intro ', footnote('')),
      image(null),
      h(4, 'Too deep'),
      p(text('gone', link('chapter:nope')), text(' nowhere', link('#missing'))),
      h(1, 'Second title'),
    );
    const report = validateBook({
      book: publishableBook([storm, empty, part]),
      chapters: [
        { chapter: storm, doc },
        { chapter: empty, doc: chapterDoc(p('   ')) },
        { chapter: part, doc: chapterDoc() },
      ],
      cover: BIG_COVER,
      checkedAt: 'now',
    });

    expect(codes(report.problems)).toEqual([
      'footnote_empty',
      'image_missing_alt',
      'heading_level_skipped',
      'broken_internal_link',
      'broken_internal_link',
      'chapter_title_misplaced',
      'chapter_empty',
    ]);
    expect(report.errors).toBe(5);
    expect(report.warnings).toBe(2);
    // p("Intro " + footnote) opens at 0: text 1..7, the footnote at 7; the paragraph closes at 9.
    expect(report.problems[0]?.where).toEqual({
      kind: 'chapter',
      chapterId: 'c1',
      chapterTitle: 'The Storm',
      position: 7,
    });
    expect(report.problems[1]?.where).toMatchObject({ position: 9 });
    expect(report.problems[6]?.where).toEqual({ kind: 'chapter', chapterId: 'c2', chapterTitle: 'Blank' });
  });

  it('reports open comment threads once per chapter, ignoring resolved ones', () => {
    const one = chapter('c1', 'The Storm');
    const doc = chapterDoc(p('Some text.'));
    const threads = doc.getMap<Y.Map<unknown>>(DocRoots.comments);
    for (const [id, resolved] of [
      ['t1', false],
      ['t2', true],
      ['t3', false],
    ] as const) {
      const thread = new Y.Map<unknown>();
      threads.set(id, thread);
      thread.set('resolved', resolved);
    }
    const report = validateBook({
      book: publishableBook([one]),
      chapters: [{ chapter: one, doc }],
      cover: BIG_COVER,
      checkedAt: 'now',
    });
    expect(report.problems).toEqual([
      {
        code: 'unresolved_comments',
        severity: 'warning',
        message: '2 comment threads are still open.',
        where: { kind: 'chapter', chapterId: 'c1', chapterTitle: 'The Storm' },
      },
    ]);
  });

  it('names each missing or wrong metadata field, and an undersized or absent cover', () => {
    const bare = publishableBook([], {
      language: null,
      contributors: [{ name: 'Ed Itor', role: 'edt', sortName: null }],
      description: ' ',
      publisher: null,
      rights: null,
      subjects: { bisac: [], thema: [] },
      isbn: '9780306406158',
    });
    const small = validateBook({
      book: bare,
      chapters: [],
      cover: { width: 1000, height: 1600 },
      checkedAt: 'now',
    });
    const fields = small.problems.map((problem) => [
      problem.code,
      problem.where.kind === 'metadata' ? problem.where.field : problem.where.kind,
    ]);
    expect(fields).toEqual([
      ['metadata_missing', 'language'],
      ['metadata_missing', 'contributors'],
      ['metadata_missing', 'description'],
      ['metadata_missing', 'publisher'],
      ['metadata_missing', 'rights'],
      ['metadata_missing', 'subjects'],
      ['isbn_invalid', 'isbn'],
      ['cover_too_small', 'cover'],
      ['book_has_no_chapters', 'book'],
    ]);
    const noCover = validateBook({ book: publishableBook([]), chapters: [], cover: null, checkedAt: 'now' });
    expect(codes(noCover.problems)).toEqual(['cover_missing', 'book_has_no_chapters']);
  });
});
