import { useRegisterSW } from 'virtual:pwa-register/react';

/** A new version is ready: the user decides when to reload, so nothing they are typing is lost. */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();

  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="toast" role="status">
      {needRefresh ? (
        <>
          <span>A new version of Galley is available.</span>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void updateServiceWorker(true)}
          >
            Reload
          </button>
          <button type="button" className="button" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </>
      ) : (
        <>
          <span>Galley is ready to work offline.</span>
          <button type="button" className="button" onClick={() => setOfflineReady(false)}>
            Dismiss
          </button>
        </>
      )}
    </div>
  );
}
