import { BookStatusFilterSchema } from '@galley/shared/api/books';
import { type SearchHit, SearchResultPageSchema } from '@galley/shared/api/search';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import { SelectField, TextField } from '../../components/forms.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useOnline } from '../../hooks/useOnline.ts';
import { statusLabel } from '../books/bookLabels.ts';
import { SearchResult } from './SearchResult.tsx';
import { formFromParams, paramsFromForm, type SearchForm } from './searchParams.ts';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...BookStatusFilterSchema.options.map((status) => ({ value: status, label: statusLabel(status) })),
];
const PAGE_SIZE = 20;

/**
 * Full-text search over the books the user may read. The query lives in the URL, so Back returns
 * to the results; "More results" follows the api's cursor and moves focus to the first new result,
 * so keyboard and screen-reader users continue where the new ones begin. Search runs on the server
 * (the index is not on the device): offline, the screen says so instead of failing.
 */
export default function SearchPage() {
  useDocumentTitle('Search');
  const { client } = useSession();
  const online = useOnline();
  const [params, setParams] = useSearchParams();
  const submitted = formFromParams(params);
  const [form, setForm] = useState<SearchForm>(submitted);
  const query = paramsFromForm(submitted);
  const key = JSON.stringify(query);
  const list = usePagedList<SearchHit>(
    (cursor) =>
      query.q
        ? client.request('GET', '/api/search', {
            query: { ...query, limit: PAGE_SIZE, cursor },
            schema: SearchResultPageSchema,
          })
        : Promise.resolve({ items: [], nextCursor: null }),
    key,
  );
  const headingPrefix = useId();
  const firstNew = useRef<number | null>(null);

  // A new search from the URL (Back, a shared link) shows its terms in the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the submitted fields
  useEffect(() => setForm(formFromParams(params)), [key]);

  useEffect(() => {
    if (firstNew.current === null || list.loading) return;
    const target = document.getElementById(`${headingPrefix}-${firstNew.current}`);
    target?.querySelector('a')?.focus();
    firstNew.current = null;
  }, [list.loading, headingPrefix]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(paramsFromForm(form));
  }
  const set = (name: keyof SearchForm) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const fieldError = (name: string) => list.error?.fieldMessage(name);
  const offline = !online || list.error?.isNetworkError === true;

  return (
    <section aria-labelledby="search-heading">
      <h1 id="search-heading">Search</h1>
      <search>
        <form
          onSubmit={submit}
          className="search-form"
          aria-describedby={offline ? 'search-offline' : undefined}
        >
          <TextField
            label="Words to find"
            type="search"
            value={form.q}
            onValueChange={set('q')}
            maxLength={200}
            required
            hint="Titles, contributors, descriptions and chapter text of the books you can open"
            error={fieldError('q')}
          />
          <SelectField
            label="Status"
            value={form.status}
            onValueChange={set('status')}
            options={STATUS_OPTIONS}
          />
          <TextField
            label="Language"
            value={form.language}
            onValueChange={set('language')}
            placeholder="en, en-GB, fr"
            maxLength={40}
            error={fieldError('language')}
          />
          <TextField
            label="Subject code"
            value={form.subject}
            onValueChange={set('subject')}
            placeholder="FIC, FBA"
            maxLength={16}
            error={fieldError('subject')}
          />
          <TextField
            label="Contributor"
            value={form.contributor}
            onValueChange={set('contributor')}
            maxLength={200}
            error={fieldError('contributor')}
          />
          <button type="submit" className="button" disabled={!online}>
            Search
          </button>
        </form>
      </search>
      {offline ? (
        <p className="notice" role="status" id="search-offline">
          Search needs a connection. Your books and the chapters you made available offline still open from My
          books.
        </p>
      ) : null}
      {list.error && !offline && list.error.issues.length === 0 ? (
        <div className="alert alert-error" role="alert">
          {list.error.message}{' '}
          <button type="button" className="link-button" onClick={() => void list.reload()}>
            Try again
          </button>
        </div>
      ) : null}
      <p role="status" className="muted">
        {list.loading && query.q
          ? 'Searching…'
          : query.q && !list.error
            ? list.items.length === 0
              ? 'No books match this search.'
              : `${list.items.length}${list.hasMore ? '+' : ''} ${list.items.length === 1 ? 'book' : 'books'} found.`
            : ''}
      </p>
      <ol className="card-list search-results" aria-label="Results">
        {list.items.map((hit, i) => (
          <SearchResult key={hit.bookId} hit={hit} headingId={`${headingPrefix}-${i}`} />
        ))}
      </ol>
      {list.hasMore && !list.loading ? (
        <button
          type="button"
          className="button"
          disabled={!online}
          onClick={() => {
            firstNew.current = list.items.length;
            void list.loadMore();
          }}
        >
          More results
        </button>
      ) : null}
    </section>
  );
}
