/** Pure rules of the service worker, kept apart from the worker globals so they can be unit tested. */

export interface PushPayload {
  title: string;
  body: string;
  url: string;
}

// /dev is the local demo's mail page, served by the api when DEV_MAILBOX_DIR is set.
// /s3 is the local demo's signed storage path (media uploads and downloads through the api).
const SERVER_PATHS = [/^\/api(\/|$)/, /^\/sync(\/|$)/, /^\/metrics(\/|$)/, /^\/dev(\/|$)/, /^\/s3(\/|$)/];

/** A navigation the SPA shell should answer (everything except the server's own paths). */
export function isAppNavigation(pathname: string): boolean {
  return !SERVER_PATHS.some((re) => re.test(pathname));
}

/**
 * A push payload is JSON `{title, body, url}`. Anything else still shows a notification (a push the
 * user cannot see would make browsers revoke the permission), but never one that links off-site.
 */
export function parsePushPayload(text: string | null): PushPayload {
  const fallback: PushPayload = { title: 'Galley', body: 'You have a new notification.', url: '/' };
  if (!text) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ...fallback, body: text.slice(0, 200) };
  }
  if (!parsed || typeof parsed !== 'object') return fallback;
  const record = parsed as Record<string, unknown>;
  const title =
    typeof record.title === 'string' && record.title.trim() ? record.title.slice(0, 120) : fallback.title;
  const body = typeof record.body === 'string' ? record.body.slice(0, 500) : fallback.body;
  const url = typeof record.url === 'string' && isSameOriginPath(record.url) ? record.url : '/';
  return { title, body, url };
}

/** Only paths on our own origin ("/books/1"), never "//evil.example" or "https://…". */
function isSameOriginPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.includes('\\');
}

export { RUNTIME_CACHES } from '@galley/shared/pwaCaches';

/**
 * Book images and covers served by the api: immutable per id, so cache first. Other api reads are
 * kept by the app in IndexedDB, per user and marked as offline copies (see client/src/offline/apiCache.ts),
 * not here: the worker's cache is keyed by URL alone, so it would show one user's books to the next
 * person on a shared device, and a page could not tell a kept copy from a fresh answer.
 */
export function isImagePath(pathname: string): boolean {
  return /^\/api\/books\/[^/]+\/(media\/[^/]+\/content|cover)$/.test(pathname);
}
