import { vi } from 'vitest';

/**
 * `vi.waitFor` gives up after 1 s unless told otherwise. Our waits are on real servers (DynamoDB
 * Local, Redis, sockets) on a 2-core machine that runs two test files at once, where a condition that
 * holds in 50 ms when idle can take seconds. Waiting longer never slows a passing test (it returns as
 * soon as the condition holds); it only stops load from failing a correct one.
 */
const PATIENT_TIMEOUT_MS = 10_000;
const original = vi.waitFor.bind(vi);
vi.waitFor = ((callback: Parameters<typeof original>[0], options?: Parameters<typeof original>[1]) =>
  original(
    callback,
    typeof options === 'number' ? options : { timeout: PATIENT_TIMEOUT_MS, interval: 50, ...options },
  )) as typeof vi.waitFor;
