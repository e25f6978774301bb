import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { TrustedIssuer } from '@billfold/db';
import { adminPlugin } from './admin/plugin.js';
import type { AppContext } from './context.js';
import { ApiError, errorBody, type ErrorCode } from './errors.js';
import { answerPreflight, applyCors } from './http/cors.js';
import './http/request-context.js';
import { applySecurityHeaders } from './http/security-headers.js';
import { resolveTenant } from './http/tenant.js';
import { loggerSettings } from './logger.js';
import { invoiceRoutes } from './routes/invoice-routes.js';
import { openApiRoute, RouteCatalog } from './routes/openapi.js';
import { healthRoutes, tenantPublicRoutes } from './routes/public-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { ssoRoutes } from './routes/sso-routes.js';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  ctx: AppContext;
  /** A pino logger to use instead of the one built from `ctx.config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Destination of the built-in logger instead of stdout, for tests that read the log. */
  logStream?: NodeJS.WritableStream;
}

// Bodies are a launch token or a small JSON object; 64 KiB leaves room for an oversized
// token to be reported as token_too_large rather than cut off.
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Builds the portal's Fastify app with every route, hook and plugin, without listening.
 * Tests drive it with `app.inject()`; {@link startPortal} serves it.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const app = Fastify({
    ...(options.logger === undefined
      ? { logger: loggerSettings({ level: ctx.config.logLevel, stream: options.logStream }) }
      : { loggerInstance: options.logger }),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  }) as unknown as FastifyInstance;

  const catalog = new RouteCatalog();
  app.addHook('onRoute', (route) => catalog.add(route));
  app.decorateRequest('tenant', null);
  app.decorateRequest('hostOrigins', null as unknown as string[]);
  app.decorateRequest('trustedIssuers', null as unknown as TrustedIssuer[]);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    request.hostOrigins = [];
    request.trustedIssuers = [];
  });
  app.addHook('onSend', async (request, reply, payload) =>
    applySecurityHeaders(request, reply, payload),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((_request, reply) => sendError(reply, new ApiError('route_not_found')));

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await app.register(healthRoutes, { ctx });
  await app.register(tenantScope, { ctx, catalog });
  await app.register(adminPlugin, { ctx });
  return app;
}

// Everything that belongs to one tenant, found by the request's origin.
async function tenantScope(
  app: FastifyInstance,
  options: { ctx: AppContext; catalog: RouteCatalog },
) {
  const { ctx } = options;
  app.addHook('onRequest', async (request, reply) => {
    await resolveTenant(ctx, request);
    // The admin API is same-origin only, so it never gets CORS headers.
    const isAdmin = request.url.startsWith('/api/v1/admin/');
    if (request.url.startsWith('/api/v1/') && !isAdmin) applyCors(request, reply);
  });

  // No querystring schema here: a browser sends the preflight to the real request's URL,
  // query included, so the query is not this route's input.
  app.options('/api/v1/*', async (request, reply) => {
    if (request.url.startsWith('/api/v1/admin/')) throw new ApiError('route_not_found');
    answerPreflight(request, reply);
    return reply;
  });

  await app.register(ssoRoutes, { ctx });
  await app.register(sessionRoutes, { ctx });
  await app.register(invoiceRoutes, { ctx });
  await app.register(tenantPublicRoutes);
  await app.register(openApiRoute, { catalog: options.catalog });
}

function handleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiError) return sendError(reply, error);

  if (error.validation !== undefined) {
    return sendError(
      reply,
      new ApiError('validation_failed', `Invalid request: ${error.message}.`),
    );
  }
  const mapped = mapFrameworkError(error);
  if (mapped !== null) return sendError(reply, new ApiError(mapped));

  request.log.error({ err: error }, 'request failed');
  return sendError(reply, new ApiError('internal_error'));
}

function mapFrameworkError(error: FastifyError): ErrorCode | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'unsupported_media_type';
    default:
      return error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? 'bad_request'
        : null;
  }
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(errorBody(error.code, error.message));
}
