import { useEffect, useRef, useState } from 'react';
import { useSession, useUser } from '../auth/session.tsx';
import { db } from '../offline/db.ts';
import { type UnsyncedWork, unsyncedWork, wipeDeviceData } from '../offline/deviceData.ts';

/**
 * Signing out wipes this user's data from the device. If some of it has not reached the cloud, the
 * user is told what would be lost and chooses; nothing unsynced disappears without that choice.
 */
export function SignOutButton() {
  const user = useUser();
  const { signOut } = useSession();
  const [unsynced, setUnsynced] = useState<UnsyncedWork | null>(null);
  const [pending, setPending] = useState(false);

  const finish = async () => {
    setPending(true);
    try {
      await wipeDeviceData(db, user.id);
    } finally {
      // <RequireAuth> sees the session end and shows the sign-in page.
      await signOut();
    }
  };

  const start = async () => {
    const work = await unsyncedWork(db, user.id).catch(() => ({ waitingWrites: 0, chaptersWithChanges: 0 }));
    if (work.waitingWrites + work.chaptersWithChanges === 0) await finish();
    else setUnsynced(work);
  };

  return (
    <>
      <button type="button" className="link-button" onClick={() => void start()} disabled={pending}>
        Sign out
      </button>
      {unsynced ? (
        <UnsyncedDialog work={unsynced} onCancel={() => setUnsynced(null)} onConfirm={() => void finish()} />
      ) : null}
    </>
  );
}

function UnsyncedDialog({
  work,
  onCancel,
  onConfirm,
}: {
  work: UnsyncedWork;
  onCancel(): void;
  onConfirm(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const parts = [
    work.chaptersWithChanges > 0
      ? `changes in ${work.chaptersWithChanges} chapter${work.chaptersWithChanges === 1 ? '' : 's'}`
      : null,
    work.waitingWrites > 0
      ? `${work.waitingWrites} other change${work.waitingWrites === 1 ? '' : 's'}`
      : null,
  ].filter(Boolean);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="unsynced-title" onCancel={onCancel}>
      <h2 id="unsynced-title">Not everything is saved to the cloud</h2>
      <p>
        This device still holds {parts.join(' and ')} that the server has not received. Signing out deletes
        them from this device. Reconnect and wait for “Saved to cloud” to keep them.
      </p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onCancel}>
          Stay signed in
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm}>
          Sign out and delete them
        </button>
      </div>
    </dialog>
  );
}
