import type { MediaItem } from '@galley/shared/api/media';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/apiClient.ts';
import type { MediaEndpoints } from '../../api/media.ts';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { mediaContentPath } from './imageDocument.ts';

const PAGE_SIZE = 12;

function Thumbnail({ client, item }: { client: ApiClient; item: MediaItem }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let active = true;
    client.requestBytes(mediaContentPath(item.bookId, item.id)).then(
      (bytes) => {
        if (!active) return;
        made = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
        setUrl(made);
      },
      () => {},
    );
    return () => {
      active = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [client, item.bookId, item.id]);
  return url ? <img src={url} alt="" width={64} height={64} /> : <span className="image-thumb-empty" />;
}

/**
 * The book's images as one radio group (arrow keys move, the label is the image's alt text, the
 * thumbnail is decorative because the label already says what it shows).
 */
export function LibraryPicker({
  client,
  media,
  bookId,
  chosen,
  onChoose,
}: {
  client: ApiClient;
  media: MediaEndpoints;
  bookId: string;
  chosen: string | null;
  onChoose: (item: MediaItem) => void;
}) {
  const fetchPage = useCallback(
    (cursor: string | null) =>
      media.list(bookId, { kind: 'image', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    [media, bookId],
  );
  const { items, error, loading, hasMore, loadMore } = usePagedList(fetchPage);

  if (error) {
    return (
      <p className="field-error" role="alert">
        {error.isNetworkError ? "The book's images cannot be listed offline." : error.message}
      </p>
    );
  }
  if (!loading && items.length === 0) return <p>This book has no images yet.</p>;
  return (
    <fieldset className="image-library">
      <legend>The book's images</legend>
      <div className="image-library-items">
        {items.map((item) => (
          <label key={item.id} className="image-library-item">
            <input
              type="radio"
              name="library-image"
              value={item.id}
              checked={chosen === item.id}
              onChange={() => onChoose(item)}
            />
            <Thumbnail client={client} item={item} />
            <span>{item.alt || 'No alternative text'}</span>
          </label>
        ))}
      </div>
      {hasMore ? (
        <button type="button" className="button" disabled={loading} onClick={loadMore}>
          Show more images
        </button>
      ) : null}
    </fieldset>
  );
}
