/** How full the browser's storage for this site is, from `navigator.storage.estimate()`. */
export type StorageLevel = 'ok' | 'low' | 'critical' | 'unknown';

/**
 * Browsers evict or refuse writes near the quota; warning early leaves time to sync and free space
 * before a keystroke cannot be saved on the device.
 */
export function storageLevel(usage: number | undefined, quota: number | undefined): StorageLevel {
  if (!usage || !quota || quota <= 0) return usage === 0 ? 'ok' : 'unknown';
  const used = usage / quota;
  if (used >= 0.95) return 'critical';
  if (used >= 0.8) return 'low';
  return 'ok';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export interface StorageReport {
  usage: number;
  quota: number;
  persisted: boolean;
  level: StorageLevel;
}

/** What the browser says about our storage now; null where the browser has no Storage API. */
export async function readStorage(): Promise<StorageReport | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  const [estimate, persisted] = await Promise.all([
    navigator.storage.estimate(),
    navigator.storage.persisted ? navigator.storage.persisted() : Promise.resolve(false),
  ]);
  const usage = estimate.usage ?? 0;
  const quota = estimate.quota ?? 0;
  return { usage, quota, persisted, level: storageLevel(usage, quota) };
}

/**
 * Asks the browser not to evict our data under pressure (manuscripts may exist only here until they
 * sync). Chromium decides silently from site engagement; Firefox may ask the user.
 */
export async function askForPersistentStorage(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist().catch(() => false);
}
