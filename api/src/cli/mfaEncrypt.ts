import { closeDeps, createDeps } from '../deps.ts';
import { resealMfaSecrets } from '../domain/mfaSecretsResealer.ts';
import { loadApiEnv } from '../env.ts';

/**
 * `npm run mfa:encrypt -w api`: seals every TOTP secret still stored in the clear (enrolled before
 * MFA_ENCRYPTION_KEYS existed) and re-seals those under a retired key after a rotation. Secrets are
 * also re-sealed as they are used; this reaches the users who do not sign in. Prints counts only.
 */
const env = loadApiEnv();
if (!env.MFA_ENCRYPTION_KEYS) {
  console.error('Set MFA_ENCRYPTION_KEYS (the same keys the api uses) first.');
  process.exit(1);
}
const deps = await createDeps(env);
const { usersRead, resealed } = await resealMfaSecrets(deps);
console.log(
  `Users read: ${usersRead}; TOTP secrets sealed with key "${env.MFA_ENCRYPTION_KEYS[0]?.id}": ${resealed}`,
);
await closeDeps(deps);
