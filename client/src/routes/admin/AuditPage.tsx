import { AuditActionSchema } from '@galley/shared/audit';
import { type FormEvent, useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ErrorAlert, SelectField, TextField } from '../../components/forms.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { AdminProblem } from './AdminProblem.tsx';

const ACTION_OPTIONS = [
  { value: '', label: 'All actions' },
  ...AuditActionSchema.options.map((action) => ({ value: action, label: action })),
];

type Verification = { ok: boolean; checked: number; brokenAt: number | null; reason: string | null };

export default function AuditPage() {
  useDocumentTitle('Audit');
  const { api } = useSession();
  const me = useUser();
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState('');
  const [filters, setFilters] = useState({ actorId: '', action: '' });
  const list = usePagedList(
    (cursor) =>
      api.admin.audit({ cursor, actorId: filters.actorId || undefined, action: filters.action || undefined }),
    JSON.stringify(filters),
  );
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifyError, setVerifyError] = useState<ApiError | null>(null);
  const [verifying, setVerifying] = useState(false);

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    setFilters({ actorId: actorId.trim(), action });
  }

  async function verify() {
    setVerifying(true);
    setVerifyError(null);
    setVerification(null);
    try {
      setVerification(await api.admin.verifyAudit());
    } catch (error) {
      setVerifyError(error as ApiError);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit trail</h1>
      <div className="toolbar">
        <button type="button" className="button" onClick={verify} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify chain'}
        </button>
        <div aria-live="polite">
          {verification ? (
            verification.ok ? (
              <p className="alert alert-success">
                The chain is intact: {verification.checked} entries checked.
              </p>
            ) : (
              <p className="alert alert-error">
                The chain is broken at entry {verification.brokenAt ?? '?'}:{' '}
                {verification.reason ?? 'unknown reason'}.
              </p>
            )
          ) : null}
        </div>
        <ErrorAlert error={verifyError} />
      </div>
      <form onSubmit={applyFilters} className="filters" aria-label="Filter the audit trail">
        <TextField label="Actor id" value={actorId} onValueChange={setActorId} maxLength={64} />
        <SelectField label="Action" value={action} onValueChange={setAction} options={ACTION_OPTIONS} />
        <button type="submit" className="button">
          Apply filters
        </button>
      </form>
      {list.error ? <AdminProblem error={list.error} retry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p className="empty">No entries match.</p>
      ) : null}
      {list.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{formatDateTime(entry.at, me.profile.timeZone)}</td>
                  <td>{entry.action}</td>
                  <td className={entry.outcome === 'failure' ? 'text-danger' : undefined}>{entry.outcome}</td>
                  <td>{entry.actorId ?? '—'}</td>
                  <td>{entry.targetId ?? '—'}</td>
                  <td>{entry.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.loading ? <p role="status">Loading…</p> : null}
      {list.hasMore && !list.loading ? (
        <button type="button" className="button" onClick={() => void list.loadMore()}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
