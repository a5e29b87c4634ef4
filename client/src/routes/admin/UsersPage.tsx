import { type FormEvent, useState } from 'react';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { TextField } from '../../components/forms.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { AdminProblem } from './AdminProblem.tsx';
import { RoleEditor } from './RoleEditor.tsx';

export default function UsersPage() {
  useDocumentTitle('Users');
  const { api } = useSession();
  const me = useUser();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const list = usePagedList((cursor) => api.admin.users({ cursor, q: query || undefined }), query);

  function submit(event: FormEvent) {
    event.preventDefault();
    setQuery(search.trim());
  }

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <search>
        <form onSubmit={submit} className="search-form">
          <TextField label="Search by name or email" type="search" value={search} onValueChange={setSearch} />
          <button type="submit" className="button">
            Search
          </button>
        </form>
      </search>
      {list.error ? <AdminProblem error={list.error} retry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p className="empty">{query ? 'No users match this search on this page.' : 'No users yet.'}</p>
      ) : null}
      <ul className="card-list">
        {list.items.map((user) => (
          <li key={user.id} className="card card-stack">
            <div>
              <h2 className="card-title">
                {user.displayName} {user.id === me.id ? <span className="badge">You</span> : null}
              </h2>
              <p className="muted">
                {user.email} · {user.emailVerified ? 'verified' : 'not verified'} ·{' '}
                {user.mfaEnabled ? 'two-step on' : 'two-step off'} · joined{' '}
                {formatDateTime(user.createdAt, me.profile.timeZone)}
              </p>
            </div>
            <RoleEditor
              target={user}
              onSaved={(updated) =>
                list.setItems((items) => items.map((u) => (u.id === updated.id ? updated : u)))
              }
            />
          </li>
        ))}
      </ul>
      {list.loading ? <p role="status">Loading…</p> : null}
      {list.hasMore && !list.loading ? (
        <button type="button" className="button" onClick={() => void list.loadMore()}>
          {query ? 'Search further' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
