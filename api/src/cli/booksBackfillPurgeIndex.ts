import { parseArgs } from 'node:util';
import { z } from 'zod';
import { closeDeps, createDeps } from '../deps.ts';
import { loadApiEnv } from '../env.ts';
import { backfillBinIndex, type ScanCursor } from '../purge/binIndexBackfill.ts';

/**
 * `npm run books:backfill-purge-index -w api`: lists in the bin the books binned before the purge
 * existed, so `books:purge` finds them (see binIndexBackfill.ts). Run once per deployment that has
 * such data; running it again writes nothing, and it is safe beside live deletes and restores.
 * `--page-size <n>` items read per Scan page (default 100), `--max-pages <n>` stops early and prints
 * the `--from <cursor>` that goes on where it stopped (starting over is also fine, only slower).
 */
const Args = z.object({
  'page-size': z.coerce.number().int().min(1).max(1000).default(100),
  'max-pages': z.coerce.number().int().min(1).optional(),
  from: z
    .string()
    .transform((cursor, ctx) => {
      try {
        return z
          .record(z.string(), z.unknown())
          .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))) as ScanCursor;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a cursor printed by this command' });
        return z.NEVER;
      }
    })
    .optional(),
});
const parsed = Args.safeParse(readOptions());
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
}
const args = parsed.data;

const deps = await createDeps(loadApiEnv());
try {
  const result = await backfillBinIndex(deps, {
    pageSize: args['page-size'],
    ...(args['max-pages'] ? { maxPages: args['max-pages'] } : {}),
    ...(args.from ? { from: args.from } : {}),
  });
  console.log(
    `Scanned ${result.pages} page(s): ${result.indexed.length} binned book(s) listed for the purge, ${result.skipped.length} skipped (restored or changed meanwhile).`,
  );
  if (result.next) {
    const cursor = Buffer.from(JSON.stringify(result.next)).toString('base64url');
    console.log(`Stopped at --max-pages; go on with: --from ${cursor}`);
  }
} finally {
  await closeDeps(deps);
}

function readOptions(): Record<string, string | undefined> {
  try {
    return parseArgs({
      options: { 'page-size': { type: 'string' }, 'max-pages': { type: 'string' }, from: { type: 'string' } },
    }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
