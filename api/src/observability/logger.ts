import pino from 'pino';

/**
 * Structured JSON logs. Secrets never reach them: the redact list covers every header and field that
 * can carry a credential, so a careless `log.info({ body })` cannot leak one.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.refreshToken',
          '*.accessToken',
          '*.token',
          '*.mfaToken',
          // One-time codes (TOTP or recovery code, both sent as `code`) in a logged request body. Not `*.code`: that also hid the
          // `code` of every logged error (ECONNREFUSED, ConditionalCheckFailed…), which is what one
          // needs to read an incident.
          'body.code',
          '*.body.code',
          '*.secret',
          // TOTP secrets (sealed or legacy plain) and the keys that seal them, should a user or env be logged.
          '*.totpSecret',
          '*.pendingTotpSecret',
          '*.mfa.totpSecret',
          '*.mfa.pendingTotpSecret',
          '*.recoveryCodes',
          'MFA_ENCRYPTION_KEYS',
          '*.MFA_ENCRYPTION_KEYS',
          'METRICS_TOKEN',
          '*.METRICS_TOKEN',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
export type Logger = ReturnType<typeof createLogger>;
