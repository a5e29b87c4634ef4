import pino from 'pino';

/** Structured JSON logs; tokens never reach them (the redact list covers every field that carries one). */
export function createSyncLogger(level: string) {
  return pino({
    level,
    base: { service: 'sync-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'token',
        '*.token',
        'url',
        '*.url',
        'METRICS_TOKEN',
        '*.METRICS_TOKEN',
        '*.authorization',
        '*.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
export type SyncLogger = ReturnType<typeof createSyncLogger>;
