import { ValidationError } from '../errors.ts';

/**
 * Opaque pagination cursors: base64url of DynamoDB's LastEvaluatedKey. Clients must not build them;
 * every decoded cursor is checked against the key attributes and partition the query expects, so a
 * forged cursor cannot make a query start in someone else's partition.
 */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  if (!lastKey) return null;
  return Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  expected: { attributes: string[]; partition?: Record<string, string> },
): Record<string, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const invalid = () => ValidationError.field('cursor', 'is not a valid cursor', 'invalid_cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const record = parsed as Record<string, unknown>;
  const names = Object.keys(record).sort();
  if (names.join(',') !== [...expected.attributes].sort().join(',')) throw invalid();
  const key: Record<string, string> = {};
  for (const name of names) {
    const value = record[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > 512) throw invalid();
    key[name] = value;
  }
  for (const [name, value] of Object.entries(expected.partition ?? {})) {
    if (key[name] !== value) throw invalid();
  }
  return key;
}
