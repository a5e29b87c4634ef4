import { z } from 'zod';
import { UserSchema } from './auth.ts';
import { PageQuerySchema, pageOf } from './common.ts';

/**
 * Admin user list. `q` is a case-insensitive substring of the email or display name, matched while
 * paging through users newest first; see the route description for its limits.
 */
export const AdminUsersQuerySchema = PageQuerySchema.extend({ q: z.string().trim().max(100).optional() });
export type AdminUsersQuery = z.infer<typeof AdminUsersQuerySchema>;
export const AdminUserPageSchema = pageOf(UserSchema);
