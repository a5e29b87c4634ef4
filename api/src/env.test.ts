import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseApiEnv } from './env.ts';

const mfaKeys = () => `k1:${randomBytes(32).toString('base64')}`;
const metricsToken = () => randomBytes(32).toString('base64url');

const issuesOf = (source: Record<string, string>) => {
  try {
    parseApiEnv(source);
    return [];
  } catch (error) {
    return (error as { issues: { path: string[]; message: string }[] }).issues.map(
      (i) => `${i.path.join('.')}: ${i.message}`,
    );
  }
};

describe('api environment: secrets', () => {
  it('production refuses to start without MFA_ENCRYPTION_KEYS or METRICS_TOKEN', () => {
    expect(issuesOf({ NODE_ENV: 'production' })).toEqual([
      'MFA_ENCRYPTION_KEYS: required when NODE_ENV=production',
      'METRICS_TOKEN: required when NODE_ENV=production',
    ]);
    const env = parseApiEnv({
      NODE_ENV: 'production',
      MFA_ENCRYPTION_KEYS: mfaKeys(),
      METRICS_TOKEN: metricsToken(),
    });
    expect(env.MFA_ENCRYPTION_KEYS?.[0]?.id).toBe('k1');
  });

  it('development starts without them (npm start and the tests supply a key of their own)', () => {
    const env = parseApiEnv({ NODE_ENV: 'development' });
    expect(env.MFA_ENCRYPTION_KEYS).toBeUndefined();
    expect(env.METRICS_TOKEN).toBeUndefined();
  });

  it('names a malformed key or a short token, without repeating the key', () => {
    const short = randomBytes(31).toString('base64');
    const issues = issuesOf({ MFA_ENCRYPTION_KEYS: `k1:${short}`, METRICS_TOKEN: 'too-short' });
    expect(issues).toEqual([
      'MFA_ENCRYPTION_KEYS: key "k1": must be 32 bytes, base64 (e.g. `openssl rand -base64 32`)',
      'METRICS_TOKEN: must be at least 32 characters (e.g. `openssl rand -base64 32`)',
    ]);
    expect(issues.join('\n')).not.toContain(short);
  });
});
