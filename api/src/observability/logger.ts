import pino from 'pino';

/**
 * Structured JSON logs. Secrets never reach them: the redact list covers every header and field that
 * can carry a credential, so a careless `log.info({ body })` cannot leak one.
 */
export function createLogger(level: string) {
  return pino({
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
        '*.code',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
export type Logger = ReturnType<typeof createLogger>;
