/**
 * A counter with an expiry: the one primitive both request rate limits and failed-login throttling
 * need. In memory on one node; in Redis when REDIS_URL is set, so every node sees the same counts.
 * Both implementations pass rateLimit/counterStore.contract.ts.
 */
export interface CounterStore {
  /** Adds one to `key`; the window starts at the first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Current count without adding; 0 when absent or expired. */
  peek(key: string): Promise<{ count: number; resetInMs: number }>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}
