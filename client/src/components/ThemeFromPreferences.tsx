import { useEffect } from 'react';
import { useSession } from '../auth/session.tsx';

const THEME_KEY = 'galley.theme';

/**
 * Puts the user's theme on <html data-theme>, where the stylesheet picks it up ("system" follows the
 * device). The last choice is remembered locally so the sign-in page shows it before anyone signs in.
 */
export function ThemeFromPreferences() {
  const { state } = useSession();
  const theme = state.status === 'signed-in' ? state.user.preferences.theme : null;
  const editorFont = state.status === 'signed-in' ? state.user.preferences.editorFont : null;

  useEffect(() => {
    const chosen = theme ?? readStoredTheme();
    document.documentElement.dataset.theme = chosen;
    if (theme) writeStoredTheme(theme);
  }, [theme]);

  useEffect(() => {
    if (editorFont) document.documentElement.dataset.editorFont = editorFont;
  }, [editorFont]);

  return null;
}

function readStoredTheme(): string {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function writeStoredTheme(theme: string): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage can be off (private mode); the theme still applies for this visit.
  }
}
