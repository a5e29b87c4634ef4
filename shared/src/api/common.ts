import { z } from 'zod';

/** Lists are paginated with an opaque cursor; `limit` is bounded so no request reads without end. */
export const PageQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const IdSchema = z.string().regex(/^[0-9A-Za-z_-]{8,64}$/, 'must be an id');
