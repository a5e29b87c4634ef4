import type { PresenceUser } from '@galley/shared/sync/presence';

/** A person's initial on their caret colour (the palette keeps white text at AA contrast). */
export function PersonAvatar({ user }: { user: PresenceUser }) {
  const initial = Array.from(user.name.trim())[0]?.toUpperCase() ?? '?';
  return (
    <span className="presence-avatar" style={{ backgroundColor: user.color }} aria-hidden="true">
      {initial}
    </span>
  );
}
