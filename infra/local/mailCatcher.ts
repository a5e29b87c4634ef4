import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaughtMail } from '@galley/api/mail/devMailbox';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Largest message the catcher accepts; our own mails are a few kB. */
const MAX_MESSAGE_BYTES = 1_000_000;

/**
 * A real SMTP server for local runs and tests: it accepts every message and writes it as JSON into
 * `mailboxDir`, where the dev mail page (`/dev/mail`) and tests read it. Nothing leaves the machine.
 */
export async function startMailCatcher(
  mailboxDir: string,
  port = 0,
): Promise<{ port: number; stop(): Promise<void> }> {
  await mkdir(mailboxDir, { recursive: true });
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const receivedAt = new Date().toISOString();
          const id = `${receivedAt.replace(/[:.]/g, '-')}-${process.pid}-${++counter}`;
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ''),
          );
          const mail: CaughtMail = {
            id,
            receivedAt,
            from: parsed.from?.value[0]?.address ?? '',
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
          };
          // Write then rename: readers (tests, /dev/mail) in other processes never see half a file.
          const tmp = join(mailboxDir, `.${id}.tmp`);
          await writeFile(tmp, JSON.stringify(mail, null, 2));
          await rename(tmp, join(mailboxDir, `${id}.json`));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    port: bound,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
