import type { App } from '../http/appEnv.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerMeRoutes } from './me/me.routes.ts';
import { registerSystemRoutes } from './system/system.routes.ts';

/** Every route group, registered in one place. */
export function registerRoutes(app: App): void {
  registerSystemRoutes(app);
  registerAuthRoutes(app);
  registerMeRoutes(app);
}
