import { MEDIA_ALT_MAX, MEDIA_CAPTION_MAX, MEDIA_CREDIT_MAX, type MediaItem } from '@galley/shared/api/media';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { formatBytes, type MediaEndpoints, mediaEndpoints, uploadMedia } from '../../api/media.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, TextField } from '../../components/forms.tsx';
import { usePagedList } from '../../hooks/usePagedList.ts';

const PAGE_SIZE = 24;

/**
 * The book's images: each with its alternative text (required: readers who cannot see the image hear
 * it, and the EPUB's accessibility claims depend on it), caption and credit. Writers upload, edit the
 * texts and delete; everyone who may read the book sees the library.
 */
export function MediaLibrary({ bookId, canEdit }: { bookId: string; canEdit: boolean }) {
  const { client } = useSession();
  const media = useMemo(() => mediaEndpoints(client), [client]);
  const fetchPage = useCallback(
    (cursor: string | null) =>
      media.list(bookId, { kind: 'image', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    [media, bookId],
  );
  const { items, setItems, error, loading, hasMore, loadMore } = usePagedList(fetchPage);

  const replace = (next: MediaItem) => setItems((all) => all.map((m) => (m.id === next.id ? next : m)));
  const remove = (id: string) => setItems((all) => all.filter((m) => m.id !== id));

  return (
    <section aria-labelledby="media-heading" className="media-library">
      <h2 id="media-heading">Images</h2>
      <ErrorAlert error={error} />
      {canEdit ? (
        <ImageUploadForm bookId={bookId} media={media} onUploaded={(m) => setItems((all) => [m, ...all])} />
      ) : null}
      {!loading && items.length === 0 ? <p>No images yet.</p> : null}
      <ul className="media-list">
        {items.map((item) => (
          <MediaRow
            key={item.id}
            item={item}
            media={media}
            canEdit={canEdit}
            onChanged={replace}
            onDeleted={remove}
          />
        ))}
      </ul>
      {hasMore ? (
        <button type="button" className="button" disabled={loading} onClick={loadMore}>
          Show more images
        </button>
      ) : null}
    </section>
  );
}

function ImageUploadForm({
  bookId,
  media,
  onUploaded,
}: {
  bookId: string;
  media: MediaEndpoints;
  onUploaded(item: MediaItem): void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [credit, setCredit] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setPending(true);
    setError(null);
    try {
      onUploaded(
        await uploadMedia(media, bookId, file, 'image', {
          alt,
          caption: caption || null,
          credit: credit || null,
        }),
      );
      setFile(null);
      setAlt('');
      setCaption('');
      setCredit('');
      setInputKey((k) => k + 1);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} className="media-upload" aria-label="Upload an image">
      <div className="field">
        <label htmlFor="media-file">Image (JPEG or PNG, up to 10 MB)</label>
        <input
          key={inputKey}
          id="media-file"
          type="file"
          accept="image/jpeg,image/png"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      <TextField
        label="Alternative text"
        value={alt}
        onValueChange={setAlt}
        required
        maxLength={MEDIA_ALT_MAX}
        hint="What the image shows, for readers who cannot see it."
        error={error?.fieldMessage('alt')}
      />
      <TextField
        label="Caption (optional)"
        value={caption}
        onValueChange={setCaption}
        maxLength={MEDIA_CAPTION_MAX}
      />
      <TextField
        label="Credit (optional)"
        value={credit}
        onValueChange={setCredit}
        maxLength={MEDIA_CREDIT_MAX}
      />
      <ErrorAlert error={error} />
      <button
        type="submit"
        className="button button-primary"
        disabled={!file || pending}
        aria-busy={pending || undefined}
      >
        {pending ? 'Uploading…' : 'Upload image'}
      </button>
    </form>
  );
}

function MediaRow({
  item,
  media,
  canEdit,
  onChanged,
  onDeleted,
}: {
  item: MediaItem;
  media: MediaEndpoints;
  canEdit: boolean;
  onChanged(item: MediaItem): void;
  onDeleted(id: string): void;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [alt, setAlt] = useState(item.alt);
  const [caption, setCaption] = useState(item.caption ?? '');
  const [credit, setCredit] = useState(item.credit ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let active = true;
    media.contentUrl(item.bookId, item.id).then(
      (answer) => active && setUrl(answer.url),
      () => active && setUrl(null),
    );
    return () => {
      active = false;
    };
  }, [item.bookId, item.id, media]);

  const changed = alt !== item.alt || caption !== (item.caption ?? '') || credit !== (item.credit ?? '');
  const run = async (action: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPending(false);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () =>
      onChanged(
        await media.update(item.bookId, item.id, { alt, caption: caption || null, credit: credit || null }),
      ),
    );
  };
  const remove = () => {
    if (!window.confirm('Delete this image? Chapters that show it will lose it.')) return;
    void run(async () => {
      await media.remove(item.bookId, item.id);
      onDeleted(item.id);
    });
  };

  return (
    <li className="media-item">
      <figure>
        {url ? <img src={url} alt={item.alt} width={120} loading="lazy" /> : null}
        <figcaption>
          {item.width}×{item.height} px, {formatBytes(item.bytes)}
        </figcaption>
      </figure>
      {canEdit ? (
        <form onSubmit={save} aria-label={`Texts of ${item.alt || 'image'}`}>
          <TextField
            label="Alternative text"
            value={alt}
            onValueChange={setAlt}
            required
            maxLength={MEDIA_ALT_MAX}
            error={error?.fieldMessage('alt')}
          />
          <TextField
            label="Caption"
            value={caption}
            onValueChange={setCaption}
            maxLength={MEDIA_CAPTION_MAX}
          />
          <TextField label="Credit" value={credit} onValueChange={setCredit} maxLength={MEDIA_CREDIT_MAX} />
          <ErrorAlert error={error} />
          <button type="submit" className="button" disabled={!changed || pending}>
            Save texts
          </button>{' '}
          <button type="button" className="button button-danger" disabled={pending} onClick={remove}>
            Delete
          </button>
        </form>
      ) : (
        <p>{item.alt}</p>
      )}
    </li>
  );
}
