/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { isAppNavigation, isImagePath, parsePushPayload, RUNTIME_CACHES } from './swRules.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The app shell: Vite's hashed bundles, index.html, icons and the manifest, listed at build time.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Deep links (/books/123) open offline from the cached shell. Server paths are never answered with
// HTML: an api call that fails must fail as an api call, not as a page.
const shell = createHandlerBoundToURL('/index.html');
registerRoute(({ request, url }) => request.mode === 'navigate' && isAppNavigation(url.pathname), shell);

// Book images: cache first (a media id never changes its bytes), bounded so a big library cannot fill the disk.
registerRoute(
  ({ url }) => url.origin === self.location.origin && isImagePath(url.pathname),
  new CacheFirst({
    cacheName: RUNTIME_CACHES.images,
    plugins: [
      new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  }),
);

// registerType 'prompt': the page asks the user, then tells the waiting worker to take over.
self.addEventListener('message', (event) => {
  if (event.data && typeof event.data === 'object' && event.data.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});
clientsClaim();

self.addEventListener('push', (event) => {
  const payload = parsePushPayload(event.data ? safeText(event.data) : null);
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: payload.body,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: payload.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const path =
    data && typeof data === 'object' && 'url' in data && typeof data.url === 'string' ? data.url : '/';
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(focusOrOpen(target));
});

async function focusOrOpen(target: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const exact = windows.find((w) => w.url === target);
  if (exact) {
    await exact.focus();
    return;
  }
  // Reuse an open Galley window rather than stacking new ones.
  const any = windows[0];
  if (any) {
    const navigated = await any.navigate(target).catch(() => null);
    await (navigated ?? any).focus();
    return;
  }
  await self.clients.openWindow(target);
}

function safeText(data: PushMessageData): string | null {
  try {
    return data.text();
  } catch {
    return null;
  }
}
