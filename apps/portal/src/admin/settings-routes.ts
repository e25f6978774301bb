import { listHostOrigins, listTrustedIssuers, saveSsoConfiguration } from '@billfold/db';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { adminHandler, bodyFields } from './handler.js';
import { parseSsoSettings, type SsoSettingsBody } from './sso-settings.js';

/** The SSO settings as `GET /api/v1/admin/sso` returns them. */
export interface SsoSettingsView {
  enabled: boolean;
  provider: string;
  required_role: string;
  callback_validation_url: string | null;
  portal_origin: string;
  host_origins: string[];
  issuers: { issuer: string; jwks_url: string | null; jwks: string | null; algorithms: string[] }[];
}

/** Reads a tenant's SSO settings for the console. */
export async function readSsoSettings(
  ctx: AppContext,
  tenant: { id: number; portal_origin: string },
): Promise<SsoSettingsView> {
  const fresh = await ctx.db
    .selectFrom('tenants')
    .selectAll()
    .where('id', '=', tenant.id)
    .executeTakeFirstOrThrow();
  const issuers = await listTrustedIssuers(ctx.db, tenant.id);
  return {
    enabled: fresh.sso_enabled === 1,
    provider: fresh.sso_provider,
    required_role: fresh.required_role,
    callback_validation_url: fresh.callback_validation_url,
    portal_origin: fresh.portal_origin,
    host_origins: await listHostOrigins(ctx.db, tenant.id),
    issuers: issuers.map((row) => ({
      issuer: row.issuer,
      jwks_url: row.jwks_url,
      jwks: row.jwks_json,
      algorithms: JSON.parse(row.algorithms) as string[],
    })),
  };
}

/** `GET` and `PUT /api/v1/admin/sso`: the Single Sign-On page. */
export async function settingsRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.get(
    '/api/v1/admin/sso',
    adminHandler(ctx, {}, async ({ tenant }) => readSsoSettings(ctx, tenant)),
  );

  app.put(
    '/api/v1/admin/sso',
    bodyFields(
      'enabled',
      'provider',
      'required_role',
      'callback_validation_url',
      'host_origins',
      'issuers',
    ),
    adminHandler<SsoSettingsBody>(ctx, {}, async ({ request, body, tenant, principal }) => {
      const settings = parseSsoSettings(body ?? {}, {
        allowLoopbackHttp: ctx.config.allowLoopbackHttp,
      });
      await saveSsoConfiguration(ctx.db, tenant.id, settings, ctx.now());
      // The tenant row, host origins and issuers just changed, so this process reads them
      // again from the next request on. Other processes do within their cache period.
      ctx.tenantCache.clear();
      request.log.info(
        { tenantId: tenant.id, userId: principal.userId, enabled: settings.enabled },
        'sso settings saved',
      );
      return readSsoSettings(ctx, tenant);
    }),
  );
}
