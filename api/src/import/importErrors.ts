import { AppError } from '../errors.ts';

/**
 * A file refused when an import is started (not a DOCX, corrupt, a zip bomb, too large): 413 for size,
 * 422 for the rest, with `details.field` naming what to change. The staged upload is deleted and no
 * job, book, chapter or media item is created.
 */
export class ImportRejectedError extends AppError {
  constructor(code: string, message: string, status: 413 | 422 = 422) {
    super(status, code, message, { field: 'file' });
  }
}

/** Why a running import stopped; the job records `code` and `message` (both meant for the user). */
export class ImportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFailure';
  }
}
