import { closeDeps, createDeps } from '../deps.ts';
import { loadApiEnv } from '../env.ts';

/**
 * `npm run keys:rotate -w api`: makes a new signing key current. The previous key keeps verifying until
 * every token it signed has expired, so nobody is signed out; other nodes pick the new key up within a
 * minute (or at once, on the first token that names it). Run it on a schedule in production.
 */
const env = loadApiEnv();
if (env.JWT_SIGNING_KEYS) {
  console.error('Keys come from JWT_SIGNING_KEYS: rotate them in the secret store instead.');
  process.exit(1);
}
const deps = await createDeps(env);
const previous = deps.keys.currentKid;
const kid = await deps.keys.rotate();
await deps.audit.record({
  action: 'keys.rotated',
  outcome: 'success',
  actorId: null,
  ip: 'cli',
  userAgent: 'rotateSigningKeys',
  details: { previous, current: kid },
});
console.log(`Signing key rotated: ${previous} → ${kid}`);
await closeDeps(deps);
