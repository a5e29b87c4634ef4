import { useSyncExternalStore } from 'react';
import type { ChapterSessionModel } from '../editor/chapterSessionModel.ts';
import { PersonAvatar } from './PersonAvatar.tsx';
import { peopleInChapter } from './presentPeople.ts';
import { usePresence } from './usePresence.ts';
import './presence.css';

/**
 * The chapter header's "also here": everyone else with this chapter open, in their caret colour.
 * Announces this tab as editing when its token allows editing, else as viewing. Shows nothing while
 * not connected or alone.
 */
export function ChapterPresence({ model }: { model: ChapterSessionModel }) {
  const { access } = useSyncExternalStore(model.subscribe, model.snapshot);
  const { bookId, chapterId } = model.ids;
  const { live, people } = usePresence(bookId, chapterId, access === 'edit' ? 'editing' : 'viewing');
  const here = peopleInChapter(people, chapterId);
  if (!live || here.length === 0) return null;
  return (
    <ul className="presence-chips" aria-label="Also in this chapter">
      {here.map(({ user, activity }) => (
        <li key={user.id} className="presence-chip" style={{ borderColor: user.color }}>
          <PersonAvatar user={user} />
          {user.name}
          <span className="visually-hidden">, {activity}</span>
        </li>
      ))}
    </ul>
  );
}
