import { Fragment } from 'react';
import { Link } from 'react-router';
import { PersonAvatar } from './PersonAvatar.tsx';
import type { PresencePlace } from './presentPeople.ts';
import { usePresence } from './usePresence.ts';
import './presence.css';

/**
 * The book page's "Here now": who else has this book open and where ("Ana is editing Chapter 3",
 * "Ben is viewing the book"), live. Hidden while this tab is not connected, since a list from before
 * a disconnect would name people who may have left.
 */
export function BookPresence({
  bookId,
  chapters,
}: {
  bookId: string;
  chapters: { id: string; title: string }[];
}) {
  const { live, people } = usePresence(bookId, null, 'viewing');
  if (!live) return null;
  const titles = new Map(chapters.map((c) => [c.id, c.title]));
  return (
    <section aria-labelledby="presence-heading" className="presence">
      <h2 id="presence-heading">Here now</h2>
      {people.length === 0 ? (
        <p className="empty">Nobody else has this book open.</p>
      ) : (
        <ul className="presence-list" aria-label="People in this book">
          {people.map((person) => (
            <li key={person.user.id}>
              <PersonAvatar user={person.user} /> {person.user.name} is{' '}
              {person.places.map((place, index) => (
                <Fragment key={`${place.chapterId}-${place.activity}`}>
                  {separator(index, person.places.length)}
                  <PlaceText bookId={bookId} place={place} titles={titles} />
                </Fragment>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PlaceText({
  bookId,
  place,
  titles,
}: {
  bookId: string;
  place: PresencePlace;
  titles: Map<string, string>;
}) {
  if (place.chapterId === null) return <>{place.activity} the book</>;
  const path = `/books/${encodeURIComponent(bookId)}/chapters/${encodeURIComponent(place.chapterId)}`;
  return (
    <>
      {place.activity} <Link to={path}>{titles.get(place.chapterId) ?? 'a new chapter'}</Link>
    </>
  );
}

function separator(index: number, count: number): string {
  if (index === 0) return '';
  return index === count - 1 ? ' and ' : ', ';
}
