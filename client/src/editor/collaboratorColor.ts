/**
 * A collaborator's caret colour, the same on every screen: picked from the user id, from a palette
 * whose colours all keep white label text at WCAG AA contrast.
 */
const PALETTE = ['#1f4e79', '#8a3b12', '#1b6e3a', '#6b2c91', '#a3154c', '#00607a', '#6d5200', '#4a4f9c'];

export function collaboratorColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
