import type { Role } from '@galley/shared/roles';

/** A user as stored (PK=USER#<id>, SK=PROFILE). Never sent to a client as is: see presentUser. */
export interface UserRecord {
  id: string;
  email: string;
  emailVerified: boolean;
  displayName: string;
  passwordHash: string;
  passwordChangedAt: string;
  roles: Role[];
  profile: { bio: string; avatarUrl: string | null; locale: string; timeZone: string };
  preferences: {
    theme: 'system' | 'light' | 'dark';
    editorFont: 'serif' | 'sans' | 'mono';
    notifications: Record<string, boolean>;
  };
  mfa: {
    enabled: boolean;
    /**
     * The TOTP secret once enrolled, sealed (`enc:v1:…`, see auth/mfaSecrets.ts); a plain base32 value is
     * legacy, from before encryption, and is re-sealed when next used.
     */
    totpSecret?: string;
    /** Secret shown during enrolment (sealed too), promoted to totpSecret when the first code checks out. */
    pendingTotpSecret?: string;
    /** sha256 of each unused recovery code. */
    recoveryCodeHashes: string[];
    /** Last accepted TOTP time step, so a code cannot be replayed within its window. */
    lastTotpStep?: number;
  };
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: every write checks and bumps it. */
  version: number;
}
