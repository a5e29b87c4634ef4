import { useRegisterSW } from 'virtual:pwa-register/react';

/** A new version is ready: the user decides when to reload, so nothing they are typing is lost. */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();

  if (!needRefresh) return null;
  return (
    <div className="toast" role="status">
      <span>A new version of Galley is available.</span>
      <button type="button" className="button button-primary" onClick={() => void updateServiceWorker(true)}>
        Reload
      </button>
      <button type="button" className="button" onClick={() => setNeedRefresh(false)}>
        Later
      </button>
    </div>
  );
}
