import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './deps.ts';
import { PayloadTooLargeError } from './errors.ts';
import type { App, AppEnv } from './http/appEnv.ts';
import { registerS3Proxy } from './http/s3Proxy.ts';
import { validationHook } from './http/validation.ts';
import { authenticate } from './middleware/authenticate.ts';
import { handleError, handleNotFound } from './middleware/errorHandler.ts';
import { idempotency } from './middleware/idempotency.ts';
import { jsonBody } from './middleware/jsonBody.ts';
import { rateLimit } from './middleware/rateLimit.ts';
import { requestContext } from './middleware/requestContext.ts';
import { registerRoutes } from './routes/index.ts';

export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the api. The middleware order below is the whole request pipeline, in one place. */
export function createApp(deps: AppDeps, extend?: (app: App) => void): App {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  app.use('*', requestContext(deps));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(
    '/api/*',
    cors({
      // Same-origin needs no CORS; only origins listed in CORS_ORIGINS get credentials-free access.
      origin: (origin) => (deps.env.CORS_ORIGINS.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'],
      exposeHeaders: [
        'X-Request-Id',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'ETag',
      ],
      maxAge: 600,
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: JSON_BODY_LIMIT_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(JSON_BODY_LIMIT_BYTES);
      },
    }),
  );
  app.use('/api/*', jsonBody());
  app.use('/api/*', authenticate());
  // A broad ceiling for every route; sensitive routes add tighter rules of their own.
  app.use(
    '/api/*',
    rateLimit({ name: 'api', limit: deps.env.RATE_LIMIT_API_PER_MINUTE, windowMs: 60_000, by: 'ip+user' }),
  );

  // After the rate limit, so replays count too; before the routes, so a repeated write is answered from storage.
  app.use('/api/*', idempotency());

  registerRoutes(app);
  // Presigned media URLs at our own origin when S3_PUBLIC_URL is a path (local s3rver); a no-op otherwise.
  registerS3Proxy(app, deps.env);
  // Non-api handlers (dev mail page, the built client) go last so api routes always win.
  extend?.(app);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
