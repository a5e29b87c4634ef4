/**
 * The service worker's runtime caches, named once for the worker (which fills them) and the app
 * (which deletes them at sign-out with the rest of the user's data).
 */
export const RUNTIME_CACHES = { images: 'galley-images' } as const;
