import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '@galley/api/deps';
import { createBook } from '@galley/api/domain/bookCreator';
import { registerUser } from '@galley/api/domain/userRegistrar';
import { listBooksOfUser } from '@galley/api/store/booksRepo';
import { keys } from '@galley/api/store/keys';
import { getUserByEmail } from '@galley/api/store/usersRepo';
import type { Role } from '@galley/shared/roles';

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
};
const MARKER = keys.seedMarker('demo-v1');

/**
 * Seeds the demo once per data folder. Each step checks what exists first, so a seed interrupted
 * half-way finishes on the next start instead of failing on duplicates. Returns false if it had
 * already run.
 */
export async function seedDemo(deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>): Promise<boolean> {
  const done = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: MARKER, ConsistentRead: true }),
  );
  if (done.Item) return false;

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
  return true;
}
