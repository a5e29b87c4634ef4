import { useEffect } from 'react';

/** Each screen names itself, so tabs, history and screen readers say where the user is. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Galley`;
  }, [title]);
}
