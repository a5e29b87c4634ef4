/**
 * Key builders for the sync server's items in the api's single table, and its S3 object keys. The
 * api's access-pattern table (api/src/store/keys.ts) lists everything else in that table; these are
 * the sync server's rows:
 *
 * | Access pattern                       | Index | Key condition                                      |
 * |--------------------------------------|-------|----------------------------------------------------|
 * | Update log of a document, in order   | table | PK=DOC#<docName>, SK begins_with LOG#              |
 * | Log tail after a snapshot            | table | PK=DOC#<docName>, SK > LOG#<snapshotSeq>           |
 * | Last log entry (next sequence)       | table | PK=DOC#<docName>, SK begins_with LOG#, descending  |
 * | Latest snapshot pointer of a document| table | PK=DOC#<docName>, SK=SNAPSHOT                      |
 * | User of each Yjs client id of a doc  | table | PK=DOC#<docName>, SK begins_with AUTHOR#           |
 * | What each user deleted in a doc      | table | PK=DOC#<docName>, SK begins_with DELETED#          |
 * | A user's newest deletion record part | table | PK=DOC#<docName>, SK begins_with DELETED#<userId>#, descending |
 * | Changes per day, chapter and user    | table | PK=BOOK#<bookId>, SK=ACTIVITY#<day>#<chapterId>#<userId> |
 *
 * S3 (docs bucket): `docs/<docName>/snapshots/<seq>-<uuid>.bin`, `docs/<docName>/updates/<uuid>.bin`
 * (updates too large for a DynamoDB item; the log entry points at them).
 */
export const docKeys = {
  partition: (docName: string) => `DOC#${docName}`,
  logEntry: (docName: string, seq: number) => ({ PK: `DOC#${docName}`, SK: `LOG#${logSeq(seq)}` }),
  logSortKey: (seq: number) => `LOG#${logSeq(seq)}`,
  logPrefix: 'LOG#',
  snapshot: (docName: string) => ({ PK: `DOC#${docName}`, SK: 'SNAPSHOT' }),
  author: (docName: string, clientId: number) => ({ PK: `DOC#${docName}`, SK: `AUTHOR#${clientId}` }),
  authorPrefix: 'AUTHOR#',
  /** Sorts below LOG# (chapterLogHead.ts reads the partition from SNAPSHOT down and must meet LOG# first). */
  deletions: (docName: string, userId: string, part: number) => ({
    PK: `DOC#${docName}`,
    SK: `DELETED#${userId}#${String(part).padStart(6, '0')}`,
  }),
  deletionsPrefix: 'DELETED#',
  deletionsOfUserPrefix: (userId: string) => `DELETED#${userId}#`,
  /**
   * In the book's partition (the api reads a book's activity newest day first, and purging the book
   * deletes it with everything else). `day` is YYYY-MM-DD in UTC.
   */
  activity: (bookId: string, day: string, chapterId: string, userId: string) => ({
    PK: `BOOK#${bookId}`,
    SK: `ACTIVITY#${day}#${chapterId}#${userId}`,
  }),
  activityPrefix: 'ACTIVITY#',
} as const;

export const docObjectKeys = {
  snapshot: (docName: string, seq: number, id: string) =>
    `docs/${docName}/snapshots/${logSeq(seq)}-${id}.bin`,
  update: (docName: string, id: string) => `docs/${docName}/updates/${id}.bin`,
} as const;

/** Zero-padded so string order is numeric order in sort keys. */
export function logSeq(seq: number): string {
  return String(seq).padStart(12, '0');
}

export function seqFromSortKey(sortKey: string): number {
  return Number(sortKey.slice(docKeys.logPrefix.length));
}
