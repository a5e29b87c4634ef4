import type { AccessClaims } from '@galley/shared/api/auth';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import type { Logger } from '../observability/logger.ts';

/** The authenticated caller, from a verified access token. */
export interface AuthContext extends AccessClaims {
  token: string;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    clientIp: string;
    auth: AuthContext | null;
  };
};

export type App = OpenAPIHono<AppEnv>;
