import { ErrorCode } from '@galley/shared/errors';
import { AppError, ConflictError, RateLimitedError, UnauthenticatedError } from '../errors.ts';
import type { PasswordViolation } from './passwordPolicy.ts';

/** Auth-specific errors: the same AppError machinery, with the stable codes the client branches on. */

export class WeakPasswordError extends AppError {
  /** `field` names the body field that carried the password (`newPassword` when changing it). */
  constructor(violation: PasswordViolation, field = 'password') {
    super(400, ErrorCode.weakPassword, violation.message, {
      field,
      rule: violation.rule,
      issues: [{ path: field, message: violation.message, code: violation.rule }],
    });
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('An account with this email already exists.', ErrorCode.emailTaken);
  }
}

/** Unknown email and wrong password are the same error, so sign-in never reveals who has an account. */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super('The email or password is not correct.', ErrorCode.invalidCredentials);
  }
}

/**
 * A wrong password or code from someone who is already signed in (step-up, change password, disable
 * MFA). 403, not 401: the session is fine, and a 401 would send the client into a refresh loop.
 */
export class WrongProofError extends AppError {
  constructor(code: string = ErrorCode.invalidCredentials, message = 'That password is not correct.') {
    super(403, code, message);
  }
}

export class InvalidMfaCodeError extends UnauthenticatedError {
  constructor() {
    super('That code is not correct or was already used.', ErrorCode.invalidMfaCode);
  }
}

export class TooManyAttemptsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds, ErrorCode.tooManyLoginAttempts, 'Too many failed attempts.');
  }
}

export class InvalidTokenError extends UnauthenticatedError {
  constructor(message = 'The token is not valid.') {
    super(message, ErrorCode.invalidToken);
  }
}
