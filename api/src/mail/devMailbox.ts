import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A message caught by the local SMTP catcher (infra/local/mailCatcher.ts), one JSON file each. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/** Reads caught mail, newest first. Used by the dev mail page and by tests. */
export async function readMailbox(mailboxDir: string, limit = 100): Promise<CaughtMail[]> {
  let names: string[];
  try {
    names = await readdir(mailboxDir);
  } catch {
    return [];
  }
  const newest = names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    newest.map(async (n) => JSON.parse(await readFile(join(mailboxDir, n), 'utf8')) as CaughtMail),
  );
}
