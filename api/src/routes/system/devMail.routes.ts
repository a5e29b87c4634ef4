import type { App } from '../../http/appEnv.ts';
import { readMailbox } from '../../mail/devMailbox.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
const linkify = (s: string) =>
  escapeHtml(s).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/**
 * The local demo's outbox: every mail the embedded SMTP catcher received, newest first, with clickable
 * links (verify email, reset password). Registered only when DEV_MAILBOX_DIR is set and never in production.
 */
export function registerDevMailRoutes(app: App, mailboxDir: string): void {
  app.get('/dev/mail', async (c) => {
    const mails = await readMailbox(mailboxDir, 50);
    const items = mails
      .map(
        (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p class="meta">To ${escapeHtml(m.to.join(', '))} · ${escapeHtml(m.receivedAt)}</p><pre>${linkify(m.text)}</pre></article>`,
      )
      .join('\n');
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Galley · sent mail (local)</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ddd;padding:.5rem 0}.meta{color:#555;font-size:.9em}pre{white-space:pre-wrap;background:#f4f4f5;padding:.75rem;border-radius:6px}</style></head>
<body><h1>Sent mail</h1><p>Mail the local Galley sent, caught by the embedded SMTP server. Nothing left this machine.</p>
${items || '<p>No mail yet.</p>'}</body></html>`);
  });
}
