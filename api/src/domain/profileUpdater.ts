import type { UpdateMeRequest } from '@galley/shared/api/auth';
import type { AppDeps } from '../deps.ts';
import { ValidationError } from '../errors.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { mutateUser } from '../store/usersRepo.ts';

/** IANA zones this runtime knows, plus UTC, which Intl lists only under its canonical zone names. */
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** A BCP 47 tag in canonical form ("en-us" → "en-US"), or a 400 naming the field. */
function canonicalLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical) return canonical;
  } catch {}
  throw ValidationError.field(
    'profile.locale',
    'must be a BCP 47 language tag, e.g. en-GB',
    'invalid_locale',
  );
}

function checkedTimeZone(timeZone: string): string {
  if (!TIME_ZONES.has(timeZone)) {
    throw ValidationError.field(
      'profile.timeZone',
      'must be an IANA time zone, e.g. Europe/Berlin',
      'invalid_time_zone',
    );
  }
  return timeZone;
}

/** Applies a partial update of the caller's own profile and preferences. */
export async function updateProfile(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  userId: string,
  patch: UpdateMeRequest,
): Promise<UserRecord> {
  const profile = { ...patch.profile };
  if (profile.locale !== undefined) profile.locale = canonicalLocale(profile.locale);
  if (profile.timeZone !== undefined) profile.timeZone = checkedTimeZone(profile.timeZone);
  return mutateUser(deps, userId, (u) => ({
    ...u,
    displayName: patch.displayName ?? u.displayName,
    profile: { ...u.profile, ...profile },
    // notifications is replaced as a whole when given: it is stored as the client sends it.
    preferences: { ...u.preferences, ...patch.preferences },
  }));
}
