import { useCallback, useEffect, useState } from 'react';
import { useUser } from '../../auth/session.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { db } from '../../offline/db.ts';
import { type UnsyncedWork, unsyncedWork } from '../../offline/deviceData.ts';
import {
  askForPersistentStorage,
  formatBytes,
  readStorage,
  type StorageReport,
} from '../../offline/storageHealth.ts';

/** What this device keeps for offline work, how much room it takes, and whether the browser may evict it. */
export default function DevicePage() {
  useDocumentTitle('This device');
  const user = useUser();
  const [storage, setStorage] = useState<StorageReport | null | undefined>(undefined);
  const [work, setWork] = useState<UnsyncedWork | null>(null);

  const refresh = useCallback(() => {
    void readStorage().then(setStorage);
    void unsyncedWork(db, user.id).then(setWork, () => setWork(null));
  }, [user.id]);
  useEffect(refresh, [refresh]);

  return (
    <section aria-labelledby="device-heading">
      <h1 id="device-heading">This device</h1>
      <p>
        Galley keeps the chapters you open and your recent changes here, so you can write with no network.
      </p>
      {storage === undefined ? <p role="status">Reading…</p> : null}
      {storage === null ? <p>This browser does not say how much storage it uses.</p> : null}
      {storage ? (
        <>
          <p>
            Using <strong>{formatBytes(storage.usage)}</strong> of about {formatBytes(storage.quota)}{' '}
            available to Galley.
          </p>
          {storage.level === 'low' || storage.level === 'critical' ? (
            <p className="alert alert-error" role="alert">
              This device is running out of room for Galley. Let your changes reach the cloud, then free
              space, or new typing may not be kept on this device.
            </p>
          ) : null}
          <p>
            {storage.persisted
              ? 'The browser will keep this data even when space runs low.'
              : 'The browser may delete this data when space runs low.'}
          </p>
          {storage.persisted ? null : (
            <button
              type="button"
              className="button"
              onClick={() => void askForPersistentStorage().then(refresh)}
            >
              Keep my data on this device
            </button>
          )}
        </>
      ) : null}
      {work ? (
        <p role="status">
          {work.chaptersWithChanges + work.waitingWrites === 0
            ? 'Everything on this device has reached the cloud.'
            : `Waiting for the cloud: changes in ${work.chaptersWithChanges} chapter(s) and ${work.waitingWrites} other change(s).`}
        </p>
      ) : null}
    </section>
  );
}
