import type { BookMember, BookMemberRole } from '@galley/shared/api/books';
import type { Invitation } from '@galley/shared/api/invitations';
import { defaultAccessFor } from '@galley/shared/bookAccess';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import { useSession } from '../../../auth/session.tsx';
import { formatDateTime } from '../../../components/format.ts';
import { ErrorAlert, SelectField, SubmitButton, TextField } from '../../../components/forms.tsx';
import { ACCESS_LABELS, ACCESS_OPTIONS, ASSIGNABLE_ROLES, ROLE_LABELS } from './memberLabels.ts';
import { membersApi } from './membersApi.ts';

/**
 * Who works on the book, with their role and chapter access. The owner (`canManage`) changes access,
 * removes people, invites by email and revokes pending invitations; everyone else sees the list.
 */
export function MembersSection({
  bookId,
  canManage,
  me,
}: {
  bookId: string;
  canManage: boolean;
  me: string;
}) {
  const { client } = useSession();
  const api = useMemo(() => membersApi(client, bookId), [client, bookId]);
  const [members, setMembers] = useState<BookMember[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api.list().then((page) => setMembers(page.items), setError);
    if (canManage) api.invitations().then((page) => setInvitations(page.items), setError);
  }, [api, canManage]);
  useEffect(load, [load]);

  const act = (work: Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    work.then(() => {
      setNotice(done);
      load();
    }, setError);
  };
  const name = (member: BookMember) => member.displayName ?? member.email ?? 'Someone';

  return (
    <section aria-labelledby="members-heading" className="stack">
      <h2 id="members-heading">Members</h2>
      {/* Offline is not an error here: the book itself works from this device. */}
      <ErrorAlert error={error?.isNetworkError && members === null ? null : error} />
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {members === null && error?.isNetworkError ? (
        <p className="notice">The member list needs a connection; it shows once you are online.</p>
      ) : members === null ? (
        <p role="status">Loading members…</p>
      ) : (
        <ul className="member-list" aria-label="Members">
          {members.map((member) => (
            <li key={member.userId}>
              <strong>{name(member)}</strong>
              {member.email && member.displayName ? <span> ({member.email})</span> : null}{' '}
              <span className="badge">{ROLE_LABELS[member.role]}</span>{' '}
              {canManage && member.role !== 'owner' ? (
                <label>
                  <span className="visually-hidden">Access of {name(member)}</span>
                  <select
                    value={member.access}
                    onChange={(event) =>
                      act(
                        api.changeAccess(member, event.target.value as SyncAccess),
                        `${name(member)}: ${ACCESS_LABELS[event.target.value as SyncAccess].toLowerCase()}.`,
                      )
                    }
                  >
                    {ACCESS_OPTIONS.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                </label>
              ) : (
                <span>{ACCESS_LABELS[member.access]}</span>
              )}{' '}
              {member.role !== 'owner' && (canManage || member.userId === me) ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    const leaving = member.userId === me;
                    const question = leaving ? 'Leave this book?' : `Remove ${name(member)} from this book?`;
                    if (window.confirm(question))
                      act(
                        api.remove(member),
                        leaving ? 'You left the book.' : `${name(member)} was removed.`,
                      );
                  }}
                >
                  {member.userId === me ? 'Leave' : `Remove ${name(member)}`}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <>
          <InviteForm
            onInvite={(body) => api.invite(body)}
            onDone={(email) => {
              setNotice(`Invitation sent to ${email}.`);
              load();
            }}
          />
          <PendingInvitations
            invitations={invitations}
            onRevoke={(invitation) =>
              act(api.revoke(invitation.id), `Invitation to ${invitation.email} revoked.`)
            }
          />
        </>
      ) : null}
    </section>
  );
}

function InviteForm(props: {
  onInvite(body: {
    email: string;
    role: Exclude<BookMemberRole, 'owner'>;
    access: SyncAccess;
  }): Promise<unknown>;
  onDone(email: string): void;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Exclude<BookMemberRole, 'owner'>>('co_author');
  const [access, setAccess] = useState<SyncAccess>('edit');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    props
      .onInvite({ email, role, access })
      .then(() => {
        props.onDone(email);
        setEmail('');
      }, setError)
      .finally(() => setPending(false));
  };
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="invite-heading">
      <h3 id="invite-heading">Invite by email</h3>
      <ErrorAlert error={error} />
      <TextField
        label="Email to invite"
        type="email"
        value={email}
        onValueChange={setEmail}
        required
        maxLength={254}
      />
      <SelectField
        label="Role"
        value={role}
        options={ASSIGNABLE_ROLES}
        onValueChange={(value) => {
          const next = value as Exclude<BookMemberRole, 'owner'>;
          setRole(next);
          // The access follows the role until the owner picks one on purpose.
          setAccess(defaultAccessFor(next));
        }}
      />
      <SelectField
        label="Access to the chapters"
        value={access}
        options={ACCESS_OPTIONS}
        onValueChange={(value) => setAccess(value as SyncAccess)}
      />
      <SubmitButton pending={pending}>Send invitation</SubmitButton>
    </form>
  );
}

function PendingInvitations(props: { invitations: Invitation[]; onRevoke(invitation: Invitation): void }) {
  if (props.invitations.length === 0) return null;
  const now = Date.now();
  return (
    <div>
      <h3 id="pending-heading">Pending invitations</h3>
      <ul aria-labelledby="pending-heading">
        {props.invitations.map((invitation) => {
          const expired = Date.parse(invitation.expiresAt) <= now;
          return (
            <li key={invitation.id}>
              {invitation.email} — {ROLE_LABELS[invitation.role]},{' '}
              {ACCESS_LABELS[invitation.access].toLowerCase()};{' '}
              {expired ? 'expired' : `expires ${formatDateTime(invitation.expiresAt)}`}{' '}
              <button type="button" className="button" onClick={() => props.onRevoke(invitation)}>
                Revoke invitation to {invitation.email}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
