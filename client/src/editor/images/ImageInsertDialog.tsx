import type { MediaItem } from '@galley/shared/api/media';
import type { Editor } from '@tiptap/core';
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { formatBytes, mediaEndpoints } from '../../api/media.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/forms.tsx';
import { db } from '../../offline/db.ts';
import { useChapterSession } from '../ChapterSessionContext.tsx';
import { focusFirstInvalid, ImageModal, ImageTextFields } from './ImageDialogParts.tsx';
import { type ImageTextProblems, type ImageTextsInput, imageTextProblems, imageTexts } from './imageTexts.ts';
import { LibraryPicker } from './LibraryPicker.tsx';
import { placeLibraryImage, placeUploadedImage } from './placeImage.ts';

type Source = 'file' | 'library';
const EMPTY: ImageTextsInput = { alt: '', caption: '', credit: '' };

/**
 * Places an image in the chapter: a JPEG or PNG from the writer's disk (uploaded to the book's
 * library, or kept on the device until it can be) or an image the library already has. Nothing is
 * placed without alternative text.
 */
export function ImageInsertDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { client } = useSession();
  const user = useUser();
  const session = useChapterSession();
  const media = useMemo(() => mediaEndpoints(client), [client]);
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [chosen, setChosen] = useState<MediaItem | null>(null);
  const [texts, setTexts] = useState<ImageTextsInput>(EMPTY);
  const [problems, setProblems] = useState<ImageTextProblems & { source?: string }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const fileId = useId();
  const sourceError = `${fileId}-error`;

  const choose = (item: MediaItem) => {
    setChosen(item);
    // The library's texts are a starting point; what the writer typed already wins.
    setTexts((typed) => ({
      alt: typed.alt || item.alt,
      caption: typed.caption || (item.caption ?? ''),
      credit: typed.credit || (item.credit ?? ''),
    }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: ImageTextProblems & { source?: string } = imageTextProblems(texts);
    if (source === 'file' && !file) found.source = 'Choose a JPEG or PNG file.';
    if (source === 'library' && !chosen) found.source = 'Choose one of the book’s images.';
    setProblems(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    if (source === 'library' && chosen) {
      placeLibraryImage({ editor, bookId: session.bookId }, chosen.id, imageTexts(texts));
      onClose();
      return;
    }
    if (!file) return;
    setPending(true);
    setError(null);
    try {
      const result = await placeUploadedImage(
        {
          editor,
          db,
          media,
          bookId: session.bookId,
          docName: session.docName,
          user,
          online: navigator.onLine,
        },
        file,
        imageTexts(texts),
      );
      if ('error' in result) setError(result.error);
      else onClose();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPending(false);
    }
  };

  return (
    <ImageModal title="Insert an image" onClose={onClose}>
      <form ref={formRef} onSubmit={submit} noValidate aria-busy={pending || undefined}>
        <fieldset className="image-source">
          <legend>Where is the image?</legend>
          <label>
            <input
              type="radio"
              name="image-source"
              checked={source === 'file'}
              onChange={() => setSource('file')}
            />{' '}
            A file on this device
          </label>
          <label>
            <input
              type="radio"
              name="image-source"
              checked={source === 'library'}
              onChange={() => setSource('library')}
            />{' '}
            One of the book’s images
          </label>
        </fieldset>
        {source === 'file' ? (
          <div className="field">
            <label htmlFor={fileId}>Image file (JPEG or PNG, up to 10 MB)</label>
            <input
              id={fileId}
              type="file"
              accept="image/jpeg,image/png"
              aria-invalid={problems.source ? true : undefined}
              aria-describedby={problems.source ? sourceError : undefined}
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            {file ? (
              <div className="field-hint">
                {file.name}, {formatBytes(file.size)}
              </div>
            ) : null}
          </div>
        ) : (
          <LibraryPicker
            client={client}
            media={media}
            bookId={session.bookId}
            chosen={chosen?.id ?? null}
            onChoose={choose}
          />
        )}
        {problems.source ? (
          <p id={sourceError} className="field-error">
            {problems.source}
          </p>
        ) : null}
        <ImageTextFields value={texts} onChange={setTexts} problems={problems} />
        <ErrorAlert error={error} />
        <div className="image-dialog-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Uploading…' : 'Insert image'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ImageModal>
  );
}
