import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '@galley/api/deps';
import { createBook } from '@galley/api/domain/bookCreator';
import { registerUser } from '@galley/api/domain/userRegistrar';
import { chapterStorageFor } from '@galley/api/manuscripts/chapterDocs';
import { getMembership, listBooksOfUser, listChapters, memberItem } from '@galley/api/store/booksRepo';
import { keys } from '@galley/api/store/keys';
import { getUserByEmail } from '@galley/api/store/usersRepo';
import type { Role } from '@galley/shared/roles';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { SAMPLE_CHAPTERS, sampleChapterUpdate } from './sampleManuscript.ts';

/** Local demo only: infra/local is never part of a production deployment. */
export const DEMO_PASSWORD = 'galley-demo-pass';
export const DEMO_ACCOUNTS: { email: string; displayName: string; role: Role }[] = [
  { email: 'author@galley.test', displayName: 'Ada Author', role: 'author' },
  { email: 'editor@galley.test', displayName: 'Eddie Editor', role: 'editor' },
  { email: 'publisher@galley.test', displayName: 'Pat Publisher', role: 'publisher' },
  { email: 'admin@galley.test', displayName: 'Alex Admin', role: 'admin' },
];
export const SAMPLE_BOOK = {
  title: 'The Lighthouse Keeper',
  subtitle: 'A novel in progress',
  chapters: [{ title: 'The Storm' }, { title: 'Morning Light' }],
  contributors: [{ name: 'Ada Author', role: 'aut' }],
  language: 'en',
  description: 'A keeper, a storm, and a light at sea where no light should be.',
  publisher: 'Galley Press',
  rights: '© 2026 Ada Author. All rights reserved.',
  subjects: { bisac: ['FIC000000'], thema: ['FBA'] },
};
const MARKER = keys.seedMarker('demo-v1');
/** The second seed step (chapter text, the editor's assignment) also runs on data seeded before it. */
const MARKER_V2 = keys.seedMarker('demo-v2');

/**
 * Seeds the demo once per data folder. Each step checks what exists first, so a seed interrupted
 * half-way finishes on the next start instead of failing on duplicates. Returns false if it had
 * already run.
 */
export async function seedDemo(
  deps: Pick<AppDeps, 'ddb' | 's3' | 'env' | 'table' | 'now'>,
): Promise<boolean> {
  const done = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: MARKER, ConsistentRead: true }),
  );
  if (done.Item) return seedChaptersAndEditor(deps);

  const ids = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const existing = await getUserByEmail(deps, account.email);
    const user =
      existing ??
      (await registerUser(deps, {
        email: account.email,
        password: DEMO_PASSWORD,
        displayName: account.displayName,
        roles: [account.role],
        emailVerified: true,
      }));
    ids.set(account.role, user.id);
  }
  const authorId = ids.get('author')!;
  const owned = await listBooksOfUser(deps, authorId, { limit: 1 });
  if (owned.items.length === 0) await createBook(deps, { ownerId: authorId, ...SAMPLE_BOOK });

  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: { ...MARKER, seededAt: new Date(deps.now()).toISOString() },
    }),
  );
  await seedChaptersAndEditor(deps);
  return true;
}

/**
 * Text in the sample chapters (so the editor, validation and export have something to show) and the
 * demo editor assigned with comment access. Once per data folder; skips a chapter someone already wrote.
 */
async function seedChaptersAndEditor(
  deps: Pick<AppDeps, 'ddb' | 's3' | 'env' | 'table' | 'now'>,
): Promise<boolean> {
  const done = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: MARKER_V2, ConsistentRead: true }),
  );
  if (done.Item) return false;
  const author = await getUserByEmail(deps, 'author@galley.test');
  const editor = await getUserByEmail(deps, 'editor@galley.test');
  const book = author ? (await listBooksOfUser(deps, author.id, { limit: 1 })).items[0]?.book : undefined;
  if (book && editor) {
    const storage = chapterStorageFor(deps);
    const chapters = await listChapters(deps, book.id);
    for (const [index, chapter] of chapters.entries()) {
      const blocks = SAMPLE_CHAPTERS[index];
      const name = chapterDocName(book.id, chapter.id);
      if (blocks && (await storage.load(name)).lastSeq === 0)
        await storage.append(name, sampleChapterUpdate(blocks));
    }
    if (!(await getMembership(deps, book.id, editor.id))) {
      const at = new Date(deps.now()).toISOString();
      await deps.ddb.send(
        new PutCommand({
          TableName: deps.table,
          Item: memberItem({ bookId: book.id, userId: editor.id, role: 'editor', addedAt: at }, at),
        }),
      );
    }
  }
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: { ...MARKER_V2, seededAt: new Date(deps.now()).toISOString() },
    }),
  );
  return true;
}
