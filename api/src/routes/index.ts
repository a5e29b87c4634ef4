import type { App } from '../http/appEnv.ts';
import { registerSystemRoutes } from './system/system.routes.ts';

/** Every route group, registered in one place. */
export function registerRoutes(app: App): void {
  registerSystemRoutes(app);
}
