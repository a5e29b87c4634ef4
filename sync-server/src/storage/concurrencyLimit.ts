/**
 * Runs at most `limit` of the given tasks at a time, the rest in arrival order as slots free up. For
 * storage writes that are best effort and may come in floods: 2,000 editors opening 500 chapters at
 * once each record their Yjs client id, and 2,000 simultaneous requests exhausted the connections to
 * DynamoDB, so the update log's own appends timed out behind them (bench W2: receive → persisted p99
 * 46 s, 3,122 failed author records).
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
