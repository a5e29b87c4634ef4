/**
 * Key builders for the one table, and the list of every access pattern. Each entity's keys are built
 * here and nowhere else, so a typo cannot create a second, invisible key space.
 *
 * | Access pattern                         | Index | Key condition                                   |
 * |----------------------------------------|-------|-------------------------------------------------|
 * | User by id                             | table | PK=USER#<id>, SK=PROFILE                        |
 * | User id by email (uniqueness guard)    | table | PK=EMAIL#<email>, SK=EMAIL                      |
 * | All users, newest (admin; mfa:encrypt) | GSI2  | GSI2PK=USERS, GSI2SK=<createdAt>#<id>           |
 * | Session (refresh family) by id         | table | PK=SESSION#<sid>, SK=SESSION                    |
 * | Sessions of a user                     | GSI1  | GSI1PK=USER#<id>#SESSIONS, GSI1SK=<createdAt>   |
 * | Single-use token (verify email, reset) | table | PK=TOKEN#<sha256>, SK=TOKEN                     |
 * | Audit chain head                       | table | PK=AUDIT, SK=HEAD                               |
 * | Audit entries in order                 | table | PK=AUDIT, SK begins_with E#                     |
 * | Audit entries by actor                 | GSI1  | GSI1PK=AUDIT#ACTOR#<userId>, GSI1SK=<seq>       |
 * | Audit entries by action                | GSI2  | GSI2PK=AUDIT#ACTION#<action>, GSI2SK=<seq>      |
 * | Book metadata                          | table | PK=BOOK#<id>, SK=META                           |
 * | Chapters of a book, in order           | table | PK=BOOK#<id>, SK begins_with CHAPTER#           |
 * | Members of a book                      | table | PK=BOOK#<id>, SK begins_with MEMBER#            |
 * | Books of a user (filters applied after) | GSI1  | GSI1PK=USER#<id>#BOOKS, GSI1SK=<addedAt>#<id>   |
 * | Media of a book, newest first (ULIDs)  | table | PK=BOOK#<id>, SK begins_with MEDIA#             |
 * | Media upload started, not yet checked  | table | PK=BOOK#<id>, SK=UPLOAD#<mediaId> (TTL)         |
 * | Media bytes a version holds (kept)     | table | PK=BOOK#<id>, SK=MEDIAKEPT#<mediaId> (api/src/media/mediaRetention.ts) |
 * | Named versions of a book, newest first | table | PK=BOOK#<id>, SK begins_with VERSION#, descending |
 * | Pending invitations of a book (ULIDs)  | table | PK=BOOK#<id>, SK begins_with INVITATION#         |
 * | Pending invitation of an email (guard) | table | PK=BOOK#<id>, SK=INVITEE#<email>                 |
 * | Invitation by its mailed token         | table | PK=TOKEN#<sha256>, SK=TOKEN (type book_invitation) |
 * | Chapter activity per day, newest first | table | PK=BOOK#<id>, SK begins_with ACTIVITY#<day>#, descending (sync-server/src/storage/keys.ts) |
 * | Books in the bin, oldest first (purge) | GSI2  | GSI2PK=BIN, GSI2SK=<deletedAt>#<id>             |
 * | Binned books missing that listing (one-off backfill) | Scan | filter entity=book, deletedAt set, no GSI2PK (api/src/purge/binIndexBackfill.ts) |
 * | Lock of a periodic job (lease)         | table | PK=SYSTEM, SK=LOCK#<job>                        |
 * | Restore of a book from a version (lease) | table | PK=SYSTEM, SK=LOCK#restore#<bookId> (api/src/versions/restoreLease.ts) |
 * | Who wrote with a Yjs client id, per doc| table | PK=DOC#<docName>, SK begins_with AUTHOR# (sync-server/src/storage/keys.ts) |
 * | What each user deleted, per doc        | table | PK=DOC#<docName>, SK begins_with DELETED# (a user's newest part: DELETED#<userId>#, descending; sync-server/src/storage/keys.ts) |
 * | Head of a doc's update log (search)    | table | PK=DOC#<docName>, SK >= LOG#, descending, Limit 2 (api/src/search/chapterLogHead.ts) |
 * | Every book, chapter, member (search rebuild, off the request path) | Scan | filter entity IN (book, chapter, member) (api/src/search/catalogueScan.ts) |
 * | Export job by id                       | table | PK=EXPORT#<jobId>, SK=JOB                       |
 * | Export jobs of a book, newest first    | GSI1  | GSI1PK=BOOK#<id>#EXPORTS, GSI1SK=<createdAt>#<jobId> |
 * | Export jobs of one version, newest first | GSI2 | GSI2PK=BOOK#<id>#EXPORTS#VERSION#<versionId>, GSI2SK=<createdAt>#<jobId> (sparse: version exports only) |
 * | Import job by id                       | table | PK=IMPORT#<jobId>, SK=JOB                       |
 * | Signing keys                           | table | PK=SYSTEM, SK=SIGNING_KEYS                      |
 * | Idempotency key of a user's write      | table | PK=IDEMPOTENCY#<userId>#<key>, SK=IDEMPOTENCY   |
 * | Demo seed marker                       | table | PK=SYSTEM, SK=SEED#<name>                       |
 * | Outbox event (kept until TTL)          | table | PK=OUTBOX#<shard>, SK=EVENT#<ulid>              |
 * | Outbox events not yet dispatched, in order | GSI1 | GSI1PK=OUTBOX#<shard>#PENDING, GSI1SK=<ulid> (sparse: removed on dispatch) |
 * | Outbox shard lease (one dispatcher)    | table | PK=OUTBOX#<shard>, SK=LEASE                     |
 * | Event handled by a consumer (TTL)      | table | PK=CONSUMED#<consumer>#<eventId>, SK=CONSUMED   |
 * | Dead letters, newest first (admin)     | table | PK=DEADLETTER, SK=<ulid>                        |
 * | Dead letters of one consumer           | GSI1  | GSI1PK=DEADLETTER#<consumer>, GSI1SK=<ulid>     |
 */
export const keys = {
  user: (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' }),
  userListing: (createdAt: string, userId: string) => ({ GSI2PK: 'USERS', GSI2SK: `${createdAt}#${userId}` }),
  email: (email: string) => ({ PK: `EMAIL#${email.toLowerCase()}`, SK: 'EMAIL' }),

  session: (sessionId: string) => ({ PK: `SESSION#${sessionId}`, SK: 'SESSION' }),
  sessionOfUser: (userId: string, createdAt: string) => ({
    GSI1PK: `USER#${userId}#SESSIONS`,
    GSI1SK: createdAt,
  }),
  userSessionsPartition: (userId: string) => `USER#${userId}#SESSIONS`,

  oneTimeToken: (tokenHash: string) => ({ PK: `TOKEN#${tokenHash}`, SK: 'TOKEN' }),

  auditHead: () => ({ PK: 'AUDIT', SK: 'HEAD' }),
  auditEntry: (seq: number) => ({ PK: 'AUDIT', SK: `E#${auditSeq(seq)}` }),
  auditByActor: (actorId: string, seq: number) => ({
    GSI1PK: `AUDIT#ACTOR#${actorId}`,
    GSI1SK: auditSeq(seq),
  }),
  auditByAction: (action: string, seq: number) => ({
    GSI2PK: `AUDIT#ACTION#${action}`,
    GSI2SK: auditSeq(seq),
  }),

  book: (bookId: string) => ({ PK: `BOOK#${bookId}`, SK: 'META' }),
  chapter: (bookId: string, chapterId: string) => ({ PK: `BOOK#${bookId}`, SK: `CHAPTER#${chapterId}` }),
  chapterPrefix: 'CHAPTER#',
  member: (bookId: string, userId: string) => ({ PK: `BOOK#${bookId}`, SK: `MEMBER#${userId}` }),
  memberPrefix: 'MEMBER#',
  bookOfUser: (userId: string, updatedAt: string, bookId: string) => ({
    GSI1PK: `USER#${userId}#BOOKS`,
    GSI1SK: `${updatedAt}#${bookId}`,
  }),
  userBooksPartition: (userId: string) => `USER#${userId}#BOOKS`,

  media: (bookId: string, mediaId: string) => ({ PK: `BOOK#${bookId}`, SK: `MEDIA#${mediaId}` }),
  mediaPrefix: 'MEDIA#',
  mediaUpload: (bookId: string, mediaId: string) => ({ PK: `BOOK#${bookId}`, SK: `UPLOAD#${mediaId}` }),
  /** Not under `MEDIA#`: the library's listing must not see these. */
  mediaKept: (bookId: string, mediaId: string) => ({ PK: `BOOK#${bookId}`, SK: `MEDIAKEPT#${mediaId}` }),

  /** Version ids are ulids, so sort-key order is creation order. */
  bookVersion: (bookId: string, versionId: string) => ({ PK: `BOOK#${bookId}`, SK: `VERSION#${versionId}` }),
  bookVersionPrefix: 'VERSION#',

  exportJob: (jobId: string) => ({ PK: `EXPORT#${jobId}`, SK: 'JOB' }),
  exportOfBook: (bookId: string, createdAt: string, jobId: string) => ({
    GSI1PK: `BOOK#${bookId}#EXPORTS`,
    GSI1SK: `${createdAt}#${jobId}`,
  }),
  bookExportsPartition: (bookId: string) => `BOOK#${bookId}#EXPORTS`,
  exportOfVersion: (bookId: string, versionId: string, createdAt: string, jobId: string) => ({
    GSI2PK: `BOOK#${bookId}#EXPORTS#VERSION#${versionId}`,
    GSI2SK: `${createdAt}#${jobId}`,
  }),
  versionExportsPartition: (bookId: string, versionId: string) =>
    `BOOK#${bookId}#EXPORTS#VERSION#${versionId}`,

  /** The job id is the upload's id, so one uploaded file starts at most one import. */
  importJob: (jobId: string) => ({ PK: `IMPORT#${jobId}`, SK: 'JOB' }),

  seedMarker: (name: string) => ({ PK: 'SYSTEM', SK: `SEED#${name}` }),

  /** Event ids are ulids, so sort-key order is the order the events were written. */
  outboxEvent: (shard: number, eventId: string) => ({ PK: `OUTBOX#${shard}`, SK: `EVENT#${eventId}` }),
  outboxPending: (shard: number, eventId: string) => ({
    GSI1PK: `OUTBOX#${shard}#PENDING`,
    GSI1SK: eventId,
  }),
  outboxPendingPartition: (shard: number) => `OUTBOX#${shard}#PENDING`,
  outboxLease: (shard: number) => ({ PK: `OUTBOX#${shard}`, SK: 'LEASE' }),
  consumedEvent: (consumer: string, eventId: string) => ({
    PK: `CONSUMED#${consumer}#${eventId}`,
    SK: 'CONSUMED',
  }),
  deadLetter: (id: string) => ({ PK: 'DEADLETTER', SK: id }),
  deadLetterPartition: 'DEADLETTER',
  deadLetterOfConsumer: (consumer: string, id: string) => ({ GSI1PK: `DEADLETTER#${consumer}`, GSI1SK: id }),
  consumerDeadLettersPartition: (consumer: string) => `DEADLETTER#${consumer}`,
  jobLock: (job: string) => ({ PK: 'SYSTEM', SK: `LOCK#${job}` }),

  /** Invitation ids are ulids, so sort-key order is the order they were sent. */
  invitation: (bookId: string, invitationId: string) => ({
    PK: `BOOK#${bookId}`,
    SK: `INVITATION#${invitationId}`,
  }),
  invitationPrefix: 'INVITATION#',
  /** One pending invitation per email and book: this item is written with the invitation, conditionally. */
  invitee: (bookId: string, email: string) => ({
    PK: `BOOK#${bookId}`,
    SK: `INVITEE#${email.toLowerCase()}`,
  }),
  /** Set on a book's META while it is in the bin; the purge job reads the oldest first. */
  binnedBook: (deletedAt: string, bookId: string) => ({ GSI2PK: 'BIN', GSI2SK: `${deletedAt}#${bookId}` }),
  binPartition: 'BIN',

  idempotencyKey: (userId: string, key: string) => ({
    PK: `IDEMPOTENCY#${userId}#${key}`,
    SK: 'IDEMPOTENCY',
  }),
} as const;

/** Zero-padded so string order is numeric order in sort keys. */
export function auditSeq(seq: number): string {
  return String(seq).padStart(12, '0');
}
