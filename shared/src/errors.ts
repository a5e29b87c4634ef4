import { z } from 'zod';

/** Every api error body has this shape; `code` is stable and safe to branch on, `message` is for people. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** The stable error codes the api returns. Clients branch on these, never on message text. */
export const ErrorCode = {
  validationFailed: 'validation_failed',
  malformedJson: 'malformed_json',
  payloadTooLarge: 'payload_too_large',
  unauthenticated: 'unauthenticated',
  tokenExpired: 'token_expired',
  invalidCredentials: 'invalid_credentials',
  mfaRequired: 'mfa_required',
  invalidMfaCode: 'invalid_mfa_code',
  stepUpRequired: 'step_up_required',
  mfaEnrollmentRequired: 'mfa_enrollment_required',
  refreshTokenReused: 'refresh_token_reused',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  gone: 'gone',
  chapterLimitReached: 'chapter_limit_reached',
  chapterExists: 'chapter_exists',
  /** A client-chosen media id is already a recorded item (an upload retried after it went through). */
  mediaExists: 'media_exists',
  preconditionRequired: 'precondition_required',
  emailTaken: 'email_taken',
  weakPassword: 'weak_password',
  rateLimited: 'rate_limited',
  tooManyLoginAttempts: 'too_many_login_attempts',
  invalidToken: 'invalid_token',
  sessionRevoked: 'session_revoked',
  emailAlreadyVerified: 'email_already_verified',
  mfaAlreadyEnabled: 'mfa_already_enabled',
  mfaNotEnabled: 'mfa_not_enabled',
  mfaSetupRequired: 'mfa_setup_required',
  unsupportedMediaType: 'unsupported_media_type',
  invalidIdempotencyKey: 'invalid_idempotency_key',
  idempotencyKeyReused: 'idempotency_key_reused',
  idempotencyInProgress: 'idempotency_in_progress',
  alreadyMember: 'already_member',
  invitationPending: 'invitation_pending',
  invitationLimitReached: 'invitation_limit_reached',
  invitationExpired: 'invitation_expired',
  invitationEmailMismatch: 'invitation_email_mismatch',
  bookPurged: 'book_purged',
  /** Another restore of this book from a version is running (two people clicked restore at once). */
  restoreInProgress: 'restore_in_progress',
  /** A chapter restore of a chapter deleted since the version (a whole-book restore re-creates it). */
  chapterMissing: 'chapter_missing',
  /** Imports (DOCX, Markdown): why a file was refused before anything was created. */
  importNotDocx: 'import_not_docx',
  importCorrupt: 'import_corrupt',
  importTooLarge: 'import_too_large',
  importZipBomb: 'import_zip_bomb',
  importNotText: 'import_not_text',
  importEmpty: 'import_empty',
  importUploadMissing: 'import_upload_missing',
  importFailed: 'import_failed',
  importInterrupted: 'import_interrupted',
  /** Dead letters (events a consumer gave up on): already replayed, or nobody here runs the consumer. */
  deadLetterReplayed: 'dead_letter_replayed',
  consumerNotRunning: 'consumer_not_running',
  internalError: 'internal_error',
  unavailable: 'unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
