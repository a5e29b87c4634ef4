import { AdminUserPageSchema } from '@galley/shared/api/admin';
import {
  type LoginRequest,
  LoginResponseSchema,
  RecoveryCodesResponseSchema,
  type RegisterRequest,
  SessionListSchema,
  SignedInSchema,
  StepUpResponseSchema,
  TotpSetupResponseSchema,
  type UpdateMeRequest,
  UserSchema,
} from '@galley/shared/api/auth';
import { BookDetailSchema, BookMemberListSchema, BookSummarySchema } from '@galley/shared/api/books';
import { pageOf } from '@galley/shared/api/common';
import { ValidationReportSchema } from '@galley/shared/api/validation';
import { AuditEntrySchema, AuditVerifyResponseSchema } from '@galley/shared/audit';
import type { Role } from '@galley/shared/roles';
import { SyncTokenResponseSchema } from '@galley/shared/sync/syncToken';
import type { ApiClient } from './apiClient.ts';

/** Every api path the client calls, in one place, each with the shared schema of its answer. */
export function endpoints(api: ApiClient) {
  const enc = encodeURIComponent;
  return {
    auth: {
      register: (body: RegisterRequest) =>
        api.request('POST', '/api/auth/register', { body, auth: false, schema: SignedInSchema }),
      login: (body: LoginRequest) =>
        api.request('POST', '/api/auth/login', { body, auth: false, schema: LoginResponseSchema }),
      loginMfa: (mfaToken: string, code: string) =>
        api.request('POST', '/api/auth/login/mfa', {
          body: { mfaToken, code },
          auth: false,
          schema: SignedInSchema,
        }),
      verifyEmail: (token: string) =>
        api.request('POST', '/api/auth/verify-email', { body: { token }, auth: false }),
      requestPasswordReset: (email: string) =>
        api.request('POST', '/api/auth/password-reset/request', { body: { email }, auth: false }),
      confirmPasswordReset: (token: string, password: string) =>
        api.request('POST', '/api/auth/password-reset/confirm', { body: { token, password }, auth: false }),
      stepUp: (proof: { password?: string; code?: string }) =>
        api.request('POST', '/api/auth/step-up', { body: proof, schema: StepUpResponseSchema }),
    },
    me: {
      get: () => api.request('GET', '/api/me', { schema: UserSchema }),
      update: (body: UpdateMeRequest) => api.request('PATCH', '/api/me', { body, schema: UserSchema }),
      resendVerification: () => api.request('POST', '/api/me/verify-email/resend'),
      changePassword: (currentPassword: string, newPassword: string) =>
        api.request('POST', '/api/me/password', { body: { currentPassword, newPassword } }),
      sessions: () => api.request('GET', '/api/me/sessions', { schema: SessionListSchema }),
      revokeSession: (id: string) => api.request('DELETE', `/api/me/sessions/${enc(id)}`),
      totpSetup: () => api.request('POST', '/api/me/mfa/totp/setup', { schema: TotpSetupResponseSchema }),
      totpEnable: (code: string) =>
        api.request('POST', '/api/me/mfa/totp/enable', {
          body: { code },
          schema: RecoveryCodesResponseSchema,
        }),
      mfaDisable: (password: string, code: string) =>
        api.request('POST', '/api/me/mfa/disable', { body: { password, code } }),
      regenerateRecoveryCodes: () =>
        api.request('POST', '/api/me/mfa/recovery-codes', { schema: RecoveryCodesResponseSchema }),
    },
    books: {
      list: () => api.request('GET', '/api/books', { schema: pageOf(BookSummarySchema) }),
      get: (id: string) => api.request('GET', `/api/books/${enc(id)}`, { schema: BookDetailSchema }),
      validate: (id: string) =>
        api.request('GET', `/api/books/${enc(id)}/validation`, { schema: ValidationReportSchema }),
      members: (id: string) =>
        api.request('GET', `/api/books/${enc(id)}/members`, { schema: BookMemberListSchema }),
      /** A chapter's stored document as one Yjs update (to keep a whole book on the device). */
      chapterContent: (id: string, chapterId: string) =>
        api.requestBytes(`/api/books/${enc(id)}/chapters/${enc(chapterId)}/content`),
    },
    syncTokens: {
      create: (bookId: string) =>
        api.request('POST', '/api/sync-tokens', { body: { bookId }, schema: SyncTokenResponseSchema }),
    },
    admin: {
      users: (query: { cursor?: string; q?: string }) =>
        api.request('GET', '/api/admin/users', { query, schema: AdminUserPageSchema }),
      setRoles: (id: string, roles: Role[]) =>
        api.request('PATCH', `/api/admin/users/${enc(id)}/roles`, { body: { roles }, schema: UserSchema }),
      audit: (query: { actorId?: string; action?: string; cursor?: string }) =>
        api.request('GET', '/api/admin/audit', { query, schema: pageOf(AuditEntrySchema) }),
      verifyAudit: () => api.request('GET', '/api/admin/audit/verify', { schema: AuditVerifyResponseSchema }),
    },
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
