import { z } from 'zod';
import { RoleSchema } from '../roles.ts';

/** Shared limits: the client checks them as the user types, the api enforces them. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const EmailSchema = z
  .email()
  .max(254)
  .transform((e) => e.trim().toLowerCase());
const PasswordInput = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const DisplayName = z.string().trim().min(1).max(80);

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export const EditorFontSchema = z.enum(['serif', 'sans', 'mono']);

export const ProfileSchema = z.object({
  bio: z.string().max(2000),
  avatarUrl: z.url().max(2048).nullable(),
  locale: z.string().max(35),
  timeZone: z.string().max(64),
});
export const PreferencesSchema = z.object({
  theme: ThemeSchema,
  editorFont: EditorFontSchema,
  /** Placeholder until the notifications issue defines channels; stored and returned as given. */
  notifications: z.record(z.string().max(64), z.boolean()),
});

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  mfaEnabled: z.boolean(),
  profile: ProfileSchema,
  preferences: PreferencesSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const RegisterRequestSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordInput,
  displayName: DisplayName,
});
export type RegisterRequest = z.input<typeof RegisterRequestSchema>;

export const LoginRequestSchema = z.strictObject({ email: EmailSchema, password: PasswordInput });
export type LoginRequest = z.input<typeof LoginRequestSchema>;

export const TokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
});
export const SignedInSchema = TokenPairSchema.extend({ user: UserSchema });
export type SignedIn = z.infer<typeof SignedInSchema>;

export const MfaChallengeSchema = z.object({ mfaRequired: z.literal(true), mfaToken: z.string() });
export const LoginResponseSchema = z.union([SignedInSchema, MfaChallengeSchema]);
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** A TOTP code (6 digits) or a recovery code (xxxxx-xxxxx). */
export const MfaCodeSchema = z
  .string()
  .trim()
  .regex(/^(\d{6}|[a-z0-9]{5}-[a-z0-9]{5})$/, 'must be a 6-digit code or a recovery code');
export const MfaLoginRequestSchema = z.strictObject({ mfaToken: z.string().max(4096), code: MfaCodeSchema });

export const RefreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export const LogoutRequestSchema = RefreshRequestSchema;

export const VerifyEmailRequestSchema = z.strictObject({ token: z.string().min(1).max(512) });
export const PasswordResetRequestSchema = z.strictObject({ email: EmailSchema });
export const PasswordResetConfirmSchema = z.strictObject({
  token: z.string().min(1).max(512),
  password: PasswordInput,
});
export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: PasswordInput,
  newPassword: PasswordInput,
});

/** Step-up: prove presence again (password, or a TOTP code when MFA is on) to get a fresh access token. */
export const StepUpRequestSchema = z.strictObject({
  password: PasswordInput.optional(),
  code: MfaCodeSchema.optional(),
});
export const StepUpResponseSchema = z.object({ accessToken: z.string(), expiresIn: z.number().int() });

export const UpdateMeRequestSchema = z.strictObject({
  displayName: DisplayName.optional(),
  profile: ProfileSchema.partial().strict().optional(),
  preferences: PreferencesSchema.partial().strict().optional(),
});
export type UpdateMeRequest = z.infer<typeof UpdateMeRequestSchema>;

export const SessionSchema = z.object({
  id: z.string(),
  device: z.string(),
  ip: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  current: z.boolean(),
});
export type Session = z.infer<typeof SessionSchema>;
export const SessionListSchema = z.object({ items: z.array(SessionSchema) });
export type SessionList = z.infer<typeof SessionListSchema>;

export const TotpSetupResponseSchema = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  /** PNG data URL of the QR code for the otpauth URI. */
  qrCodeDataUrl: z.string(),
});
export const TotpEnableRequestSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
});
export const RecoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export const MfaDisableRequestSchema = z.strictObject({ password: PasswordInput, code: MfaCodeSchema });

export const AdminUserRolesRequestSchema = z.strictObject({ roles: z.array(RoleSchema).min(1).max(4) });

/** Claims in the access JWT. `auth_time` drives step-up; `amr` says how the user proved themselves. */
export const AccessClaimsSchema = z.object({
  sub: z.string(),
  sid: z.string(),
  roles: z.array(RoleSchema),
  auth_time: z.number(),
  amr: z.array(z.enum(['pwd', 'otp', 'rec'])),
  mfa: z.boolean(),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

export const STEP_UP_MAX_AGE_SECONDS = 600;
