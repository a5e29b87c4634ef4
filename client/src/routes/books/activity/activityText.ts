import type { ActivityEntry } from '@galley/shared/api/activity';

/** "Today", "Yesterday" or the date, for a UTC day `YYYY-MM-DD` seen on `now`. */
export function dayLabel(day: string, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  const yesterday = new Date(now.getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
  if (day === today) return 'Today';
  if (day === yesterday) return 'Yesterday';
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "Ana edited Chapter 2 (34 changes)". */
export function entryText(entry: ActivityEntry): string {
  const who = entry.displayName ?? 'A former member';
  const what = entry.chapterTitle ? entry.chapterTitle : 'a deleted chapter';
  return `${who} edited ${what} (${entry.changes} ${entry.changes === 1 ? 'change' : 'changes'})`;
}
