import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  findAdminSession,
  insertAdminSession,
  revokeAdminSession,
  touchAdminSession,
  type Tenant,
} from '@billfold/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { requestOrigin } from '../http/tenant.js';
import { AdminError } from './admin-errors.js';

/** The admin-console cookie; `__Host-` pins it to this origin, `Secure` and `Path=/`. */
export const ADMIN_COOKIE = '__Host-billfold_admin';
/** Idle timeout of an admin session. */
export const ADMIN_IDLE_MS = 30 * 60_000;
/** Absolute lifetime of an admin session. */
export const ADMIN_ABSOLUTE_MS = 12 * 60 * 60_000;

/** The signed-in internal user of a request. */
export interface AdminPrincipal {
  userId: number;
  email: string;
  role: 'master' | 'admin';
  csrfToken: string;
  idHash: string;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Starts a session for an internal user, sets the cookie and returns the CSRF token. */
export async function startAdminSession(
  ctx: AppContext,
  reply: FastifyReply,
  tenant: Tenant,
  userId: number,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await insertAdminSession(ctx.db, {
    id_hash: sha256(token),
    tenant_id: tenant.id,
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: now + ADMIN_ABSOLUTE_MS,
  });
  reply.setCookie(ADMIN_COOKIE, token, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'strict',
    maxAge: ADMIN_ABSOLUTE_MS / 1000,
  });
  return csrfToken;
}

/**
 * Finds the request's live admin session and records activity on it; null when the
 * cookie is missing, unknown, revoked, idle for 30 minutes or older than 12 hours.
 */
export async function findAdminPrincipal(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: Tenant,
): Promise<AdminPrincipal | null> {
  const token = request.cookies[ADMIN_COOKIE];
  if (token === undefined || token.length > 100) return null;

  const idHash = sha256(token);
  const row = await findAdminSession(ctx.db, tenant.id, idHash);
  const now = ctx.now();
  if (row === undefined || row.revoked_at !== null) return null;
  if (now >= row.expires_at || now - row.last_seen_at >= ADMIN_IDLE_MS) return null;

  await touchAdminSession(ctx.db, idHash, now);
  return {
    userId: row.user_id,
    email: row.email,
    role: row.role === 'master' ? 'master' : 'admin',
    csrfToken: row.csrf_token,
    idHash,
  };
}

/** Like {@link findAdminPrincipal}, but throws `admin_session_required` when there is none. */
export async function requireAdminPrincipal(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: Tenant,
): Promise<AdminPrincipal> {
  const principal = await findAdminPrincipal(ctx, request, tenant);
  if (principal === null) throw new AdminError('admin_session_required');
  return principal;
}

/**
 * Refuses a state-changing call unless `X-CSRF-Token` equals the session's token and
 * `Origin` is exactly the portal origin (403 `csrf_rejected`).
 */
export function assertCsrf(request: FastifyRequest, tenant: Tenant, principal: AdminPrincipal) {
  const origin = request.headers.origin;
  if (origin !== tenant.portal_origin || origin !== requestOrigin(request)) {
    throw new ApiError(
      'csrf_rejected',
      'The request Origin is not this portal. Reload the console.',
    );
  }
  const header = request.headers['x-csrf-token'];
  const sent = Buffer.from(typeof header === 'string' ? header : '');
  const expected = Buffer.from(principal.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new ApiError(
      'csrf_rejected',
      'The X-CSRF-Token header is missing or stale. Reload the console.',
    );
  }
}

/** Ends the request's admin session, if any, and clears the cookie. */
export async function endAdminSession(
  ctx: AppContext,
  reply: FastifyReply,
  tenant: Tenant,
  principal: AdminPrincipal,
): Promise<void> {
  await revokeAdminSession(ctx.db, tenant.id, principal.idHash, ctx.now());
  reply.clearCookie(ADMIN_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
}
