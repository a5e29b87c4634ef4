import { z } from 'zod';

/** Platform roles. A user has one or more; per-book membership (owner, co-author, editor) is separate. */
export const RoleSchema = z.enum(['author', 'editor', 'publisher', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES = RoleSchema.options;
