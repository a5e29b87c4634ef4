import { useEffect, useRef, useState } from 'react';
import { useOutbox } from '../offline/OutboxProvider.tsx';
import type { OutboxEntry } from '../offline/outbox.ts';
import { describeOp, fieldLabel, showValue } from '../offline/outboxLabels.ts';

/**
 * What the outbox holds, said plainly: changes waiting for the network, and anything that needs the
 * user (a conflict with someone else's change, or a change the server refused). Nothing is dropped
 * without the user choosing it.
 */
export function OutboxStatus() {
  const { entries } = useOutbox();
  const waiting = entries.filter((entry) => entry.state === 'pending').length;
  const needsYou = entries.filter((entry) => entry.state !== 'pending');
  return (
    <>
      <p className="outbox-status" role="status" aria-live="polite">
        {waiting > 0 ? `${waiting} change${waiting === 1 ? '' : 's'} waiting to be sent` : ''}
      </p>
      {needsYou[0] ? <ConflictDialog entry={needsYou[0]} /> : null}
    </>
  );
}

function ConflictDialog({ entry }: { entry: OutboxEntry }) {
  const { outbox } = useOutbox();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const act = (task: () => Promise<void>) => {
    setPending(true);
    void task().finally(() => setPending(false));
  };

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`outbox-${entry.id}-title`}>
      {entry.state === 'conflict' && entry.conflict ? (
        <>
          <h2 id={`outbox-${entry.id}-title`}>Someone else changed this too</h2>
          <p>
            While your change to “{entry.conflict.current.title}” was waiting to be sent, someone else changed
            the same {entry.conflict.fields.length === 1 ? 'field' : 'fields'}. Choose which version to keep.
          </p>
          <table className="conflict-table">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Your version</th>
                <th scope="col">Their version</th>
              </tr>
            </thead>
            <tbody>
              {entry.conflict.fields.map((field) => (
                <tr key={field.field}>
                  <th scope="row">{fieldLabel(field.field)}</th>
                  <td>{showValue(field.mine)}</td>
                  <td>{showValue(field.theirs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              disabled={pending}
              onClick={() => act(() => outbox.resolve(entry.id, 'mine'))}
            >
              Keep mine
            </button>
            <button
              type="button"
              className="button"
              disabled={pending}
              onClick={() => act(() => outbox.resolve(entry.id, 'theirs'))}
            >
              Keep theirs
            </button>
          </div>
        </>
      ) : (
        <>
          <h2 id={`outbox-${entry.id}-title`}>A change could not be saved</h2>
          <p>
            {describeOp(entry.op)}: {entry.error?.message ?? 'the server refused it.'}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-danger"
              disabled={pending}
              onClick={() => act(() => outbox.discard(entry.id))}
            >
              Discard this change
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
