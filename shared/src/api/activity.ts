import { z } from 'zod';

/** Days a page of activity covers at most, and the rows it reads at most (see api/src/activity). */
export const ACTIVITY_MAX_DAYS_PER_PAGE = 31;

/** One person's work on one chapter during one day (UTC). */
export const ActivityEntrySchema = z.object({
  userId: z.string(),
  displayName: z.string().nullable(),
  chapterId: z.string(),
  /** Null when the chapter has been deleted since. */
  chapterTitle: z.string().nullable(),
  /** Stored changes (sync updates) the person made to the chapter that day. */
  changes: z.number().int().min(0),
  firstAt: z.string(),
  lastAt: z.string(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

export const ActivityDaySchema = z.object({
  /** `YYYY-MM-DD`, UTC. */
  day: z.string(),
  /** Set when the day held more rows than one page reads: only its most recent ones are here. */
  partial: z.boolean().optional(),
  entries: z.array(ActivityEntrySchema),
});
export type ActivityDay = z.infer<typeof ActivityDaySchema>;

export const ActivityPageSchema = z.object({
  /** Newest day first; a day appears on one page only. */
  days: z.array(ActivityDaySchema),
  nextCursor: z.string().nullable(),
});
export type ActivityPage = z.infer<typeof ActivityPageSchema>;

export const ActivityQuerySchema = z.strictObject({
  cursor: z.string().max(64).optional(),
  days: z.coerce.number().int().min(1).max(ACTIVITY_MAX_DAYS_PER_PAGE).default(7),
});
