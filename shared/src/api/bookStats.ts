import { z } from 'zod';

const CountSchema = z.number().int().nonnegative();

/** Word and character counts of a book, whole and per chapter (in reading order), from the stored chapters. */
export const BookStatsSchema = z.object({
  bookId: z.string(),
  /** The book version the chapter list was read at. */
  bookVersion: z.number().int(),
  words: CountSchema,
  characters: CountSchema,
  chapters: z.array(z.object({ chapterId: z.string(), words: CountSchema, characters: CountSchema })),
});
export type BookStats = z.infer<typeof BookStatsSchema>;
