import { type FormEvent, useRef, useState } from 'react';
import { focusFirstInvalid, ImageModal, ImageTextFields } from './ImageDialogParts.tsx';
import {
  type ImageTextProblems,
  type ImageTexts,
  type ImageTextsInput,
  imageTextProblems,
  imageTexts,
} from './imageTexts.ts';

/** Edits the texts of an image already in the chapter (its alternative text stays required). */
export function ImageTextsDialog({
  initial,
  onSave,
  onClose,
}: {
  initial: ImageTextsInput;
  onSave: (texts: ImageTexts) => void;
  onClose: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [problems, setProblems] = useState<ImageTextProblems>({});
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = imageTextProblems(value);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    onSave(imageTexts(value));
  };
  return (
    <ImageModal title="Image texts" onClose={onClose}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <ImageTextFields value={value} onChange={setValue} problems={problems} />
        <div className="image-dialog-actions">
          <button type="submit" className="button button-primary">
            Save texts
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ImageModal>
  );
}
