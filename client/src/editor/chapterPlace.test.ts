import { describe, expect, it } from 'vitest';
import { chapterPlaceHref, positionInLink } from './chapterPlace.ts';

describe('chapter place links', () => {
  it('names the chapter, and the position when there is one, in a form the chapter page reads back', () => {
    expect(chapterPlaceHref('book 1', 'ch/2')).toBe('/books/book%201/chapters/ch%2F2');
    const href = chapterPlaceHref('b', 'c', 41);
    expect(href).toBe('/books/b/chapters/c?at=41');
    expect(positionInLink(new URL(href, 'http://x').searchParams)).toBe(41);
    expect(positionInLink(new URLSearchParams(''))).toBeNull();
    expect(positionInLink(new URLSearchParams('at=-3'))).toBeNull();
    expect(positionInLink(new URLSearchParams('at=abc'))).toBeNull();
    expect(chapterPlaceHref('b', 'c', 0)).toBe('/books/b/chapters/c?at=0');
  });
});
