/**
 * A test page for the cover section and the media library (tests/e2e/media.e2e.test.ts builds it and
 * serves it from the api's own server, so the real api, CSP and /s3 path apply; it is not part of the
 * app). It signs in with `?email=&password=` and mounts both components for `?book=` exactly as the
 * book page would: `<CoverSection bookId canEdit />` and `<MediaLibrary bookId canEdit />`.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../../styles.css';
import { SessionProvider, useSession } from '../../../auth/session.tsx';
import { CoverSection } from '../CoverSection.tsx';
import { MediaLibrary } from '../MediaLibrary.tsx';

const params = new URLSearchParams(location.search);
const bookId = params.get('book') ?? '';

function Harness() {
  const { api, startSession, state } = useSession();
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (state.status !== 'signed-out') return;
    api.auth
      .login({ email: params.get('email') ?? '', password: params.get('password') ?? '' })
      .then((answer) => ('accessToken' in answer ? startSession(answer) : setFailed('MFA is on')))
      .catch((error: Error) => setFailed(error.message));
  }, [api, startSession, state.status]);
  if (failed) return <p role="alert">{failed}</p>;
  if (state.status !== 'signed-in') return <p role="status">Signing in…</p>;
  return (
    <>
      <CoverSection bookId={bookId} canEdit />
      <MediaLibrary bookId={bookId} canEdit />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <Harness />
    </SessionProvider>
  </StrictMode>,
);
