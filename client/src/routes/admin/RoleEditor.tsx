import type { User } from '@galley/shared/api/auth';
import { can } from '@galley/shared/permissions';
import { ROLES, type Role } from '@galley/shared/roles';
import { type FormEvent, useState } from 'react';
import { actorOf } from '../../auth/actor.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { ErrorAlert, SuccessNote, useFormAction } from '../../components/forms.tsx';
import { useStepUp } from '../../components/useStepUp.tsx';

const ROLE_LABELS: Record<Role, string> = {
  author: 'Author',
  editor: 'Editor',
  publisher: 'Publisher',
  admin: 'Admin',
};

/** One user's platform roles as checkboxes; saving may ask the admin to confirm it is them (step-up). */
export function RoleEditor({ target, onSaved }: { target: User; onSaved(user: User): void }) {
  const me = useUser();
  const { api } = useSession();
  const { withStepUp, stepUpDialog } = useStepUp();
  const [roles, setRoles] = useState<Role[]>(target.roles);
  const [saved, setSaved] = useState(false);
  const form = useFormAction();
  const changed = roles.length !== target.roles.length || roles.some((role) => !target.roles.includes(role));
  const allowed = can(actorOf(me), 'admin.assignRoles', 'user', { id: target.id, roles });

  function toggle(role: Role, on: boolean) {
    setSaved(false);
    setRoles((current) =>
      on ? ROLES.filter((r) => r === role || current.includes(r)) : current.filter((r) => r !== role),
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const updated = await form.run(() => withStepUp(() => api.admin.setRoles(target.id, roles)));
    if (updated) {
      setSaved(true);
      onSaved(updated);
    }
  }

  return (
    <form ref={form.formRef} onSubmit={submit} className="role-editor">
      <fieldset>
        <legend>Roles of {target.displayName}</legend>
        {ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => toggle(role, e.target.checked)}
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      {roles.length === 0 ? <p className="field-hint">A user needs at least one role.</p> : null}
      {!allowed && roles.length > 0 ? (
        <p className="field-hint">You cannot remove your own admin role.</p>
      ) : null}
      <ErrorAlert error={form.error} />
      {saved && !changed ? <SuccessNote>Roles saved.</SuccessNote> : null}
      <button
        type="submit"
        className="button"
        disabled={!changed || !allowed || roles.length === 0 || form.pending}
        aria-label={`Save roles of ${target.displayName}`}
      >
        {form.pending ? 'Saving…' : 'Save roles'}
      </button>
      {stepUpDialog}
    </form>
  );
}
