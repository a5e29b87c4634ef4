import type { Context } from 'hono';
import { PreconditionRequiredError, ValidationError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';

/** `"7"` as sent back from an ETag; `W/"7"` and a bare `7` are accepted too. */
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * The version a write is made against: `If-Match: "<version>"` or the body's `version`. A write that
 * says neither is refused with 428 `precondition_required` (RFC 6585) rather than applied blindly,
 * because an offline client replaying an old edit must never silently overwrite newer work.
 */
export function expectedVersionOf(c: Context<AppEnv>, bodyVersion: number | undefined): number {
  const header = c.req.header('if-match');
  let fromHeader: number | undefined;
  if (header !== undefined) {
    const match = IF_MATCH.exec(header.trim());
    if (!match?.[1]) throw ValidationError.field('If-Match', 'must be "<version>"', 'invalid_if_match');
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw ValidationError.field('version', 'differs from If-Match', 'version_mismatch');
  }
  const version = fromHeader ?? bodyVersion;
  if (version === undefined) throw new PreconditionRequiredError();
  return version;
}

/** An optional precondition (DELETE): checked when sent, not required. */
export function optionalVersionOf(c: Context<AppEnv>): number | undefined {
  return c.req.header('if-match') === undefined ? undefined : expectedVersionOf(c, undefined);
}

export const etag = (version: number) => ({ ETag: `"${version}"` });

export const etagHeader = {
  ETag: {
    description: 'The book\'s version, `"<version>"`; send it back as If-Match',
    schema: { type: 'string' as const },
  },
};
