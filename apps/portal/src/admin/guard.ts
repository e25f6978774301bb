import type { Tenant } from '@billfold/db';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { requestOrigin, resolveTenant } from '../http/tenant.js';
import { AdminError } from './admin-errors.js';
import { assertCsrf, requireAdminPrincipal, type AdminPrincipal } from './session.js';

/** The tenant and signed-in internal user of an admin API request. */
export interface AdminRequest {
  tenant: Tenant;
  principal: AdminPrincipal;
}

/** Checks an admin API route needs beyond a live session. */
export interface GuardOptions {
  /** A state-changing call: requires `X-CSRF-Token` and the exact `Origin`. */
  write?: boolean;
  /** Only `master` users may call it. */
  master?: boolean;
}

/**
 * Resolves the tenant and the admin session of a request, then applies the CSRF and role
 * checks the route requests. Throws `admin_session_required`, `csrf_rejected` or
 * `role_forbidden`.
 */
export async function guardAdmin(
  ctx: AppContext,
  request: FastifyRequest,
  options: GuardOptions = {},
): Promise<AdminRequest> {
  const tenant = await resolveTenant(ctx, request);
  const principal = await requireAdminPrincipal(ctx, request, tenant);

  if (options.write === true) assertCsrf(request, tenant, principal);
  if (options.master === true && principal.role !== 'master') {
    throw new AdminError('role_forbidden');
  }
  return { tenant, principal };
}

/**
 * Rejects a sessionless state-changing call (sign-in) unless `Origin` is exactly the
 * portal origin, so another site cannot sign a browser in to an account of its choosing.
 */
export function assertSameOrigin(request: FastifyRequest, tenant: Tenant): void {
  const origin = request.headers.origin;
  if (origin !== tenant.portal_origin || origin !== requestOrigin(request)) {
    throw new ApiError(
      'csrf_rejected',
      'The request Origin is not this portal. Reload the console.',
    );
  }
}
