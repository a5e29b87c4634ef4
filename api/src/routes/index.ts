import type { App } from '../http/appEnv.ts';
import { registerActivityRoutes } from './activity/activity.routes.ts';
import { registerAdminRoutes } from './admin/admin.routes.ts';
import { registerDeadLetterRoutes } from './admin/deadLetters.routes.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerBookStatsRoutes } from './books/bookStats.routes.ts';
import { registerBookRoutes } from './books/books.routes.ts';
import { registerChapterContentRoutes } from './chapters/chapterContent.routes.ts';
import { registerChapterRoutes } from './chapters/chapters.routes.ts';
import { registerExportRoutes } from './exports/exports.routes.ts';
import { registerImportRoutes } from './imports/imports.routes.ts';
import { registerInvitationRoutes } from './invitations/invitations.routes.ts';
import { registerMeRoutes } from './me/me.routes.ts';
import { registerMediaRoutes } from './media/media.routes.ts';
import { registerSearchRoutes } from './search/search.routes.ts';
import { registerSyncTokenRoutes } from './syncTokens/syncTokens.routes.ts';
import { registerSystemRoutes } from './system/system.routes.ts';
import { registerValidationRoutes } from './validation/validation.routes.ts';
import { registerVersionRoutes } from './versions/versions.routes.ts';

/** Every route group, registered in one place. */
export function registerRoutes(app: App): void {
  registerSystemRoutes(app);
  registerAdminRoutes(app);
  registerDeadLetterRoutes(app);
  registerAuthRoutes(app);
  registerBookRoutes(app);
  registerActivityRoutes(app);
  registerBookStatsRoutes(app);
  registerChapterRoutes(app);
  registerChapterContentRoutes(app);
  registerExportRoutes(app);
  registerImportRoutes(app);
  registerInvitationRoutes(app);
  registerMediaRoutes(app);
  registerMeRoutes(app);
  registerSearchRoutes(app);
  registerSyncTokenRoutes(app);
  registerValidationRoutes(app);
  registerVersionRoutes(app);
}
