import type { MediaItem } from '@galley/shared/api/media';
import { MIN_COVER_SHORT_SIDE_PX } from '@galley/shared/api/validation';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { formatBytes, imageDimensions, mediaEndpoints, precheckFile, uploadMedia } from '../../api/media.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, SuccessNote } from '../../components/forms.tsx';

type Size = { width: number; height: number };

const tooSmall = (size: Size | null) =>
  size !== null && Math.min(size.width, size.height) < MIN_COVER_SHORT_SIDE_PX;

/** The warning retailers' minimum deserves, said before and after upload alike. */
function SmallCoverWarning({ size }: { size: Size }) {
  return (
    <p className="notice" role="status" data-testid="cover-too-small">
      This cover is {size.width}×{size.height} px. Retailers need at least {MIN_COVER_SHORT_SIDE_PX} px on the
      shorter side; it will be kept, but “Check book” will report it until you upload a larger one.
    </p>
  );
}

/**
 * The book's cover: the current one with its size, and (for writers) a file picker that previews the
 * chosen image, shows its size and warns when it is too small before anything is uploaded.
 */
export function CoverSection({ bookId, canEdit }: { bookId: string; canEdit: boolean }) {
  const { client } = useSession();
  const media = useMemo(() => mediaEndpoints(client), [client]);
  const [cover, setCover] = useState<MediaItem | null>(null);
  const [coverUrl, setCoverUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<{ url: string; size: Size | null } | null>(null);
  const [alt, setAlt] = useState('');
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let active = true;
    media.list(bookId, { kind: 'cover', limit: 1 }).then(
      (page) => active && setCover(page.items[0] ?? null),
      (e: ApiError) => active && setError(e),
    );
    return () => {
      active = false;
    };
  }, [bookId, media]);

  useEffect(() => {
    if (!cover) return setCoverUrl(null);
    let active = true;
    media.contentUrl(bookId, cover.id).then(
      ({ url }) => active && setCoverUrl(url),
      () => active && setCoverUrl(null),
    );
    return () => {
      active = false;
    };
  }, [bookId, cover, media]);

  // Object URLs hold the file in memory until revoked.
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview]);

  const choose = async (chosen: File | null) => {
    setSaved(false);
    setError(chosen ? precheckFile(chosen, 'cover') : null);
    setFile(chosen);
    if (!chosen) return setPreview(null);
    const url = URL.createObjectURL(chosen);
    setPreview({ url, size: await imageDimensions(url) });
  };

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setPending(true);
    setError(null);
    try {
      const item = await uploadMedia(media, bookId, file, 'cover', { alt: alt.trim() || undefined });
      setCover(item);
      setFile(null);
      setPreview(null);
      setAlt('');
      setSaved(true);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="cover-heading" className="cover-section">
      <h2 id="cover-heading">Cover</h2>
      {cover ? (
        <figure className="cover-current">
          {coverUrl ? <img src={coverUrl} alt={cover.alt || 'The current cover'} width={160} /> : null}
          <figcaption data-testid="cover-facts">
            {cover.width}×{cover.height} px, {formatBytes(cover.bytes)}
          </figcaption>
        </figure>
      ) : (
        <p>This book has no cover yet.</p>
      )}
      {cover && tooSmall(cover) ? <SmallCoverWarning size={cover} /> : null}
      {saved ? <SuccessNote>The new cover is saved.</SuccessNote> : null}
      <ErrorAlert error={error} />
      {canEdit ? (
        <form onSubmit={upload} className="cover-upload">
          <div className="field">
            <label htmlFor="cover-file">
              {cover ? 'Replace the cover' : 'Choose a cover'} (JPEG or PNG, up to 20 MB)
            </label>
            <input
              id="cover-file"
              type="file"
              accept="image/jpeg,image/png"
              onChange={(event) => void choose(event.target.files?.[0] ?? null)}
            />
          </div>
          {preview ? (
            <figure className="cover-preview">
              <img src={preview.url} alt="Preview of the chosen cover" width={160} />
              <figcaption data-testid="cover-preview-facts">
                {preview.size ? `${preview.size.width}×${preview.size.height} px, ` : ''}
                {file ? formatBytes(file.size) : ''}
              </figcaption>
            </figure>
          ) : null}
          {preview?.size && tooSmall(preview.size) ? <SmallCoverWarning size={preview.size} /> : null}
          {file ? (
            <div className="field">
              <label htmlFor="cover-alt">Description of the cover (optional)</label>
              <input
                id="cover-alt"
                value={alt}
                maxLength={1000}
                onChange={(event) => setAlt(event.target.value)}
              />
            </div>
          ) : null}
          <button
            type="submit"
            className="button button-primary"
            disabled={!file || pending}
            aria-busy={pending || undefined}
          >
            {pending ? 'Uploading…' : 'Upload cover'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
