import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** A logger writing JSON lines into memory, and the lines written so far, parsed. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  return { log, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

describe('api logger', () => {
  it('redacts credentials and one-time codes wherever a careless log puts them', () => {
    const { log, records } = capturedLogger();
    log.info({ body: { email: 'a@b.test', password: 'hunter2hunter2', code: '123456' } }, 'login');
    log.info({ req: { body: { code: 'abcd-efgh-ijkl' } } }, 'mfa');
    log.info({ user: { totpSecret: 'JBSWY3DPEHPK3PXP', refreshToken: 'rt' } }, 'user');
    const [login, mfa, user] = records();
    expect(login?.body).toEqual({ email: 'a@b.test', password: '[redacted]', code: '[redacted]' });
    expect(mfa?.req.body).toEqual({ code: '[redacted]' });
    expect(user?.user).toEqual({ totpSecret: '[redacted]', refreshToken: '[redacted]' });
  });

  it("keeps an error's code, which says what failed", () => {
    const { log, records } = capturedLogger();
    log.warn({ err: Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }) }, 'storage down');
    expect(records()[0]?.err).toMatchObject({ message: 'connect failed', code: 'ECONNREFUSED' });
  });
});
