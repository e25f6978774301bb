import {
  getTenantByOrigin,
  listHostOrigins,
  listTrustedIssuers,
  originKey,
  type Tenant,
} from '@billfold/db';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { TenantSettings } from './tenant-cache.js';

/**
 * Returns the origin the client used to reach the portal, from the protocol and `Host`,
 * normalised. Fastify applies `X-Forwarded-Proto` and `X-Forwarded-Host` only when
 * `trustProxy` is on.
 */
export function requestOrigin(request: FastifyRequest): string {
  const raw = `${request.protocol}://${request.host}`;
  try {
    // Normalised like stored origins: lower-case host, no default port.
    return originKey(raw);
  } catch {
    return raw;
  }
}

/**
 * Finds the tenant whose portal origin is the request's origin and stores it, with its
 * linked host origins and trusted issuers, on the request. Throws `tenant_not_found` for
 * an unknown host. The settings come from the process's tenant cache when fresh.
 */
export async function resolveTenant(ctx: AppContext, request: FastifyRequest): Promise<Tenant> {
  if (request.tenant !== null) return request.tenant;

  const origin = requestOrigin(request);
  const settings = await ctx.tenantCache.get(origin, () => loadTenantSettings(ctx, origin));
  if (settings === null) {
    throw new ApiError(
      'tenant_not_found',
      `No Billfold portal is configured for ${safeHost(request)}.`,
    );
  }

  request.tenant = settings.tenant;
  request.hostOrigins = settings.hostOrigins;
  request.trustedIssuers = settings.issuers;
  return settings.tenant;
}

async function loadTenantSettings(ctx: AppContext, origin: string): Promise<TenantSettings | null> {
  const tenant = await getTenantByOrigin(ctx.db, origin);
  if (tenant === undefined) return null;
  return {
    tenant,
    hostOrigins: await listHostOrigins(ctx.db, tenant.id),
    issuers: await listTrustedIssuers(ctx.db, tenant.id),
  };
}

/** Returns the resolved tenant; throws when a hook did not resolve it first. */
export function tenantOf(request: FastifyRequest): Tenant {
  if (request.tenant === null) {
    throw new Error('The tenant was not resolved; register the tenant hook on this route.');
  }
  return request.tenant;
}

function safeHost(request: FastifyRequest): string {
  return request.host.replace(/[^A-Za-z0-9.:[\]-]/g, '').slice(0, 255);
}
