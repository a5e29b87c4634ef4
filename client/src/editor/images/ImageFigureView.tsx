import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { useState } from 'react';
import { useSession } from '../../auth/session.tsx';
import { useChapterSession } from '../ChapterSessionContext.tsx';
import type { ImageFigureAttrs } from '../extensions/imageFigure.ts';
import { ImageTextsDialog } from './ImageTextsDialog.tsx';
import { type ImageDisplay, useImageDisplay } from './useImageDisplay.ts';
import './images.css';

function statusOf(display: ImageDisplay): { text: string; tone: 'info' | 'error' } | null {
  if (display.kind === 'local') {
    return display.row.state === 'failed'
      ? {
          text: `This image could not be uploaded: ${display.row.error?.message ?? 'refused'}`,
          tone: 'error',
        }
      : { text: 'Waiting to upload from this device.', tone: 'info' };
  }
  if (display.kind === 'elsewhere')
    return { text: `Image uploading from ${display.by}'s device.`, tone: 'info' };
  if (display.kind === 'unavailable')
    return { text: 'This image cannot be shown here right now.', tone: 'info' };
  return null;
}

/**
 * An image in the editor: the picture (or a placeholder saying where it is), a visible warning when it
 * has no alternative text, its caption and credit, and for writers a button to edit those texts.
 */
export function ImageFigureView({ node, editor, updateAttributes, selected }: ReactNodeViewProps) {
  const attrs = node.attrs as ImageFigureAttrs;
  const { client } = useSession();
  const session = useChapterSession();
  const canEdit = editor.isEditable && session.snapshot.access === 'edit';
  const display = useImageDisplay(
    client,
    { bookId: session.bookId, mediaId: attrs.mediaId, pendingUpload: attrs.pendingUpload },
    { doc: session.doc, canEdit },
  );
  const [editing, setEditing] = useState(false);
  const alt = attrs.alt?.trim() ?? '';
  const status = statusOf(display);
  const url = display.kind === 'local' || display.kind === 'library' ? display.url : null;

  return (
    <NodeViewWrapper
      as="figure"
      className={`manuscript-image${selected ? ' is-selected' : ''}`}
      data-media-id={attrs.mediaId ?? undefined}
      data-pending-upload={attrs.pendingUpload ?? undefined}
      data-display={display.kind}
    >
      {url ? (
        <img src={url} alt={alt} draggable={false} />
      ) : (
        <div className="manuscript-image-placeholder" role="img" aria-label={alt || 'Image'}>
          {display.kind === 'loading' ? 'Loading image…' : alt ? `Image: ${alt}` : 'Image'}
        </div>
      )}
      {status ? (
        <p
          className={`manuscript-image-status manuscript-image-status-${status.tone}`}
          contentEditable={false}
        >
          {status.text}
        </p>
      ) : null}
      {alt ? null : (
        <p className="manuscript-image-warning" role="note" contentEditable={false}>
          ⚠ No alternative text: readers who cannot see this image will not know what it shows.
        </p>
      )}
      {attrs.caption || attrs.credit ? (
        <figcaption>
          {attrs.caption ? <span className="caption">{attrs.caption}</span> : null}
          {attrs.credit ? <span className="credit">{attrs.credit}</span> : null}
        </figcaption>
      ) : null}
      {canEdit ? (
        <button
          type="button"
          className="button manuscript-image-edit"
          contentEditable={false}
          onClick={() => setEditing(true)}
        >
          Edit image texts
        </button>
      ) : null}
      {editing ? (
        <ImageTextsDialog
          initial={{ alt: attrs.alt ?? '', caption: attrs.caption ?? '', credit: attrs.credit ?? '' }}
          onSave={(texts) => {
            updateAttributes(texts);
            setEditing(false);
          }}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </NodeViewWrapper>
  );
}
