import { type FormEvent, useMemo, useState } from 'react';
import { useSession, useUser } from '../../auth/session.tsx';
import {
  ErrorAlert,
  invalid,
  SelectField,
  SubmitButton,
  SuccessNote,
  TextAreaField,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';

const THEMES = [
  { value: 'system', label: 'Match my device' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;
const FONTS = [
  { value: 'serif', label: 'Serif' },
  { value: 'sans', label: 'Sans-serif' },
  { value: 'mono', label: 'Monospace' },
] as const;

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) || !current ? zones : [current, ...zones];
}

export default function ProfilePage() {
  useDocumentTitle('Profile');
  const user = useUser();
  const { api, setUser } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [bio, setBio] = useState(user.profile.bio);
  const [locale, setLocale] = useState(user.profile.locale);
  const [timeZone, setTimeZone] = useState(
    user.profile.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const [theme, setTheme] = useState(user.preferences.theme);
  const [editorFont, setEditorFont] = useState(user.preferences.editorFont);
  const [saved, setSaved] = useState(false);
  const form = useFormAction();
  const zoneOptions = useMemo(
    () => timeZones(timeZone).map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    [timeZone],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!displayName.trim()) {
      return form.setError(invalid([{ path: 'displayName', message: 'Enter the name others will see.' }]));
    }
    const updated = await form.run(() =>
      api.me.update({
        displayName: displayName.trim(),
        profile: { bio, locale: locale.trim(), timeZone },
        preferences: { theme, editorFont },
      }),
    );
    if (updated) {
      await setUser(updated);
      setSaved(true);
    }
  }

  return (
    <section aria-labelledby="profile-heading">
      <h1 id="profile-heading">Profile</h1>
      <form ref={form.formRef} onSubmit={submit} noValidate className="stack">
        <ErrorAlert error={form.error} />
        {saved ? <SuccessNote>Your profile is saved.</SuccessNote> : null}
        <TextField
          label="Display name"
          value={displayName}
          onValueChange={setDisplayName}
          maxLength={80}
          autoComplete="name"
          required
          error={form.fieldError('displayName')}
        />
        <p className="muted">Email: {user.email}</p>
        <TextAreaField
          label="Bio"
          value={bio}
          onValueChange={setBio}
          maxLength={2000}
          error={form.fieldError('profile.bio')}
        />
        <TextField
          label="Language and region"
          value={locale}
          onValueChange={setLocale}
          placeholder="en-GB"
          maxLength={35}
          hint="A language tag such as en-GB or fr-CA."
          error={form.fieldError('profile.locale')}
        />
        <SelectField
          label="Time zone"
          value={timeZone}
          onValueChange={setTimeZone}
          options={zoneOptions}
          error={form.fieldError('profile.timeZone')}
        />
        <SelectField
          label="Theme"
          value={theme}
          onValueChange={(v) => setTheme(v as typeof theme)}
          options={THEMES}
          error={form.fieldError('preferences.theme')}
        />
        <SelectField
          label="Editor font"
          value={editorFont}
          onValueChange={(v) => setEditorFont(v as typeof editorFont)}
          options={FONTS}
          error={form.fieldError('preferences.editorFont')}
        />
        <SubmitButton pending={form.pending}>Save profile</SubmitButton>
      </form>
    </section>
  );
}
