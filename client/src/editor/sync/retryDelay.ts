/** Exponential backoff with jitter, so a fleet of clients does not return at the same instant. */
export function retryDelay(attempt: number, baseMs = 1000, maxMs = 30_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When to renew a token: a minute before expiry, or after two thirds of a short lifetime. */
export function renewalDelay(expiresAt: number, now: number): number {
  const left = expiresAt - now;
  return Math.max(1000, left >= 180_000 ? left - 60_000 : Math.round((left * 2) / 3));
}
