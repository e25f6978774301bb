import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMigrated } from '@billfold/db';
import { readWidgetManifest, widgetDistDir } from '@billfold/widget/assets';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { tenantOf } from '../http/tenant.js';
import { errorResponses, noQuerySchema } from './schemas.js';

/** Registers `/healthz` and `/readyz`, which respond for any host, before tenant resolution. */
export async function healthRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;
  const statusSchema = {
    type: 'object',
    properties: { status: { type: 'string' } },
    required: ['status'],
  } as const;

  app.get(
    '/healthz',
    {
      schema: { summary: 'Liveness', querystring: noQuerySchema, response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: database reachable and migrated',
        querystring: noQuerySchema,
        response: { 200: statusSchema, ...errorResponses(503) },
      },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(ctx.db);
        if (await isMigrated(ctx.db)) return { status: 'ready' };
      } catch (error) {
        request.log.error({ err: error }, 'readiness check failed');
      }
      throw new ApiError('service_unavailable');
    },
  );
}

/** Discovery and the widget bundle, for a resolved tenant. */
export async function tenantPublicRoutes(app: FastifyInstance) {
  app.get(
    '/.well-known/billfold.json',
    {
      schema: {
        summary: 'Discovery: portal origin, SSO state, providers and endpoints',
        querystring: noQuerySchema,
        response: {
          200: {
            type: 'object',
            properties: {
              portal_origin: { type: 'string' },
              sso_enabled: { type: 'boolean' },
              providers: { type: 'array', items: { type: 'string' } },
              endpoints: { type: 'object', additionalProperties: { type: 'string' } },
            },
            required: ['portal_origin', 'sso_enabled', 'providers', 'endpoints'],
          },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const origin = tenant.portal_origin;
      // Public information, the same for every caller, so any origin may read it.
      reply.header('access-control-allow-origin', '*');
      return {
        portal_origin: origin,
        sso_enabled: tenant.sso_enabled === 1,
        providers: [tenant.sso_provider],
        endpoints: {
          form_post_launch: `${origin}/sso/connectwise`,
          token_callback: `${origin}/sso/callback`,
          sessions: `${origin}/api/v1/sessions`,
          me: `${origin}/api/v1/me`,
          invoices: `${origin}/api/v1/invoices`,
          widget: `${origin}/widget.js`,
          openapi: `${origin}/api/v1/openapi.json`,
        },
      };
    },
  );

  app.get(
    '/widget.js',
    { schema: { summary: 'The widget loader', querystring: noQuerySchema } },
    async (_request, reply) => {
      const body = await readWidgetFile('widget.js');
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .send(body);
    },
  );

  app.get<{ Params: { file: string } }>(
    '/:file(^widget-[A-Za-z0-9_-]+\\.js$)',
    { schema: { summary: 'The versioned widget bundle', querystring: noQuerySchema } },
    async (request, reply) => {
      const entry = readManifestEntry();
      if (request.params.file !== entry) throw new ApiError('route_not_found');

      const body = await readWidgetFile(entry);
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('access-control-allow-origin', '*')
        .send(body);
    },
  );
}

function readManifestEntry(): string {
  try {
    return readWidgetManifest().entry;
  } catch {
    throw new ApiError('widget_not_built');
  }
}

async function readWidgetFile(name: string): Promise<Buffer> {
  try {
    return await readFile(join(widgetDistDir, name));
  } catch {
    throw new ApiError('widget_not_built');
  }
}
