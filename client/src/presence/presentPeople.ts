import { type PresenceActivity, PresenceStateSchema, type PresenceUser } from '@galley/shared/sync/presence';

export interface PresencePlace {
  /** null: on the book page. */
  chapterId: string | null;
  activity: PresenceActivity;
}

export interface PresentPerson {
  user: PresenceUser;
  /** Where they are, one entry per distinct place (a person may have several tabs open). */
  places: PresencePlace[];
}

/**
 * The people in the book other than `myUserId`, from the presence channel's awareness states: one
 * entry per user however many tabs they have, the places most telling first (editing a chapter,
 * reading one, on the book page), people by name. States that do not parse are ignored: the server
 * relays only valid ones, this is the client not trusting that blindly.
 */
export function presentPeople(states: Iterable<unknown>, myUserId: string): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  for (const raw of states) {
    const parsed = PresenceStateSchema.safeParse(raw);
    if (!parsed.success || parsed.data.user.id === myUserId) continue;
    const { user, chapterId, activity } = parsed.data;
    const person = people.get(user.id) ?? { user, places: [] };
    if (!person.places.some((p) => p.chapterId === chapterId && p.activity === activity)) {
      person.places.push({ chapterId, activity });
    }
    people.set(user.id, person);
  }
  for (const person of people.values()) person.places.sort((a, b) => rank(a) - rank(b));
  return [...people.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
}

/** The people with a tab open on `chapterId`, each with what they do there (editing wins). */
export function peopleInChapter(
  people: PresentPerson[],
  chapterId: string,
): { user: PresenceUser; activity: PresenceActivity }[] {
  return people.flatMap((person) => {
    const here = person.places.filter((p) => p.chapterId === chapterId);
    if (here.length === 0) return [];
    return [
      { user: person.user, activity: here.some((p) => p.activity === 'editing') ? 'editing' : 'viewing' },
    ];
  });
}

function rank(place: PresencePlace): number {
  if (place.chapterId === null) return 2;
  return place.activity === 'editing' ? 0 : 1;
}
