import type { SearchHit, SearchSnippet } from '@galley/shared/api/search';
import { Link } from 'react-router';
import { statusLabel } from '../books/bookLabels.ts';
import { Highlighted } from './Highlighted.tsx';

const FIELD_LABELS: Record<SearchSnippet['field'], string> = {
  title: 'Title',
  subtitle: 'Subtitle',
  contributors: 'Contributors',
  metadata: 'Description and keywords',
  chapterTitle: 'Chapter title',
  text: 'Text',
};

const bookPath = (bookId: string) => `/books/${encodeURIComponent(bookId)}`;
const chapterPath = (bookId: string, chapterId: string) =>
  `${bookPath(bookId)}/chapters/${encodeURIComponent(chapterId)}`;

/** One book in the results: its title (matched words marked) and where else the words occur. */
export function SearchResult({ hit, headingId }: { hit: SearchHit; headingId: string }) {
  const title = hit.snippets.find((s) => s.field === 'title');
  const subtitle = hit.snippets.find((s) => s.field === 'subtitle');
  const contributors = hit.snippets.find((s) => s.field === 'contributors');
  const quotes = hit.snippets.filter((s) => s.field === 'metadata' || s.field === 'text');
  const chapterTitles = new Map(
    hit.snippets.filter((s) => s.field === 'chapterTitle').map((s) => [s.chapterId, s]),
  );
  return (
    <li className="card card-stack search-result">
      <div>
        <h2 className="card-title" id={headingId}>
          <Link to={bookPath(hit.bookId)}>
            {title ? <Highlighted text={title.text} highlights={title.highlights} /> : hit.title}
          </Link>
        </h2>
        {hit.subtitle ? (
          <p>
            {subtitle ? <Highlighted text={subtitle.text} highlights={subtitle.highlights} /> : hit.subtitle}
          </p>
        ) : null}
        <p className="muted">
          <span className="badge">{statusLabel(hit.status)}</span>
          {hit.contributors.length > 0 ? ' ' : null}
          {contributors ? (
            <Highlighted text={contributors.text} highlights={contributors.highlights} />
          ) : (
            hit.contributors.map((c) => c.name).join(', ')
          )}
          {hit.language ? <span lang={hit.language}> · {hit.language}</span> : null}
        </p>
        {quotes.length > 0 ? (
          <ul className="search-snippets" style={{ listStyle: 'none', paddingLeft: 0 }}>
            {quotes.map((snippet) => (
              <li key={`${snippet.field}-${snippet.chapterId ?? ''}`}>
                {snippet.field === 'text' && snippet.chapterId ? (
                  <Link to={chapterPath(hit.bookId, snippet.chapterId)}>
                    {chapterTitles.has(snippet.chapterId) ? (
                      <Highlighted
                        text={chapterTitles.get(snippet.chapterId)!.text}
                        highlights={chapterTitles.get(snippet.chapterId)!.highlights}
                      />
                    ) : (
                      snippet.chapterTitle
                    )}
                  </Link>
                ) : (
                  <span className="muted">{FIELD_LABELS[snippet.field]}</span>
                )}
                <p>
                  <Highlighted text={snippet.text} highlights={snippet.highlights} />
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}
