import { describe, expect, it } from 'vitest';
import { peopleInChapter, presentPeople } from './presentPeople.ts';

const user = (id: string, name: string) => ({ id, name, color: '#1f4e79' });

describe('presentPeople', () => {
  it('groups tabs by user, leaves me out, orders places and people, ignores junk', () => {
    const people = presentPeople(
      [
        { user: user('u-ben', 'Ben'), chapterId: null, activity: 'viewing' },
        { user: user('u-me', 'Me'), chapterId: 'c1', activity: 'editing' },
        { user: user('u-ana', 'Ana'), chapterId: null, activity: 'viewing' },
        { user: user('u-ana', 'Ana'), chapterId: 'c3', activity: 'editing' },
        { user: user('u-ana', 'Ana'), chapterId: 'c3', activity: 'editing' },
        { user: user('u-ana', 'Ana'), chapterId: 'c2', activity: 'viewing' },
        {},
        null,
        { user: { id: 'u-x', name: 'X' }, chapterId: null, activity: 'viewing' },
      ],
      'u-me',
    );
    expect(people).toEqual([
      {
        user: user('u-ana', 'Ana'),
        places: [
          { chapterId: 'c3', activity: 'editing' },
          { chapterId: 'c2', activity: 'viewing' },
          { chapterId: null, activity: 'viewing' },
        ],
      },
      { user: user('u-ben', 'Ben'), places: [{ chapterId: null, activity: 'viewing' }] },
    ]);
    expect(peopleInChapter(people, 'c3')).toEqual([{ user: user('u-ana', 'Ana'), activity: 'editing' }]);
    expect(peopleInChapter(people, 'c9')).toEqual([]);
  });
});
