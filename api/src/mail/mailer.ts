import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** How the api sends mail until the notifications service exists; the only implementation is real SMTP. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  from: string;
}

export function createSmtpMailer(config: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    // The local catcher speaks plain SMTP; real relays negotiate TLS themselves.
    ignoreTLS: !config.secure && config.host === '127.0.0.1',
    ...(config.user ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
    pool: true,
    maxConnections: 2,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: config.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}
