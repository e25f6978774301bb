import { findSessionState, revokeSession, touchSession, type SessionState } from '@billfold/db';
import { hashSessionToken } from '@billfold/tokens';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { tenantOf } from '../http/tenant.js';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  SESSION_TOUCH_INTERVAL_MS,
} from './session-policy.js';

/** The signed-in contact of an API request. */
export interface AuthenticatedSession {
  idHash: string;
  tenantId: number;
  contactId: number;
  companyId: number;
  /** Absolute expiry, epoch ms. */
  expiresAt: number;
  /** Whether the token came from the bearer header or the cookie cache. */
  source: 'bearer' | 'cookie';
  state: SessionState;
}

// 32 random bytes in base64url; anything else is not one of ours and skips the lookup.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates an API request by bearer token, or by the session cookie as a fallback.
 * Re-checks in one query that the contact, its profile and the tenant's SSO still allow
 * access, and revokes the session when they do not.
 */
export async function authenticate(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<AuthenticatedSession> {
  const tenant = tenantOf(request);
  const presented = readSessionToken(request);
  if (presented.source === 'cookie') checkCsrf(request);

  const idHash = hashSessionToken(presented.token);
  const state = await findSessionState(ctx.db, tenant.id, idHash);
  if (state === undefined) throw new ApiError('session_invalid');
  if (state.revoked_at !== null) throw new ApiError('session_revoked');

  const now = ctx.now();
  if (now >= state.expires_at || now - state.last_seen_at >= SESSION_IDLE_MS) {
    throw new ApiError('session_expired');
  }

  const revokedBecause = revocationReason(state);
  if (revokedBecause !== null) {
    await revokeSession(ctx.db, idHash, now);
    request.log.info(
      { tenantId: tenant.id, contactId: state.contact_id, revokedBecause },
      'session revoked',
    );
    throw new ApiError('session_revoked');
  }

  if (now - state.last_seen_at >= SESSION_TOUCH_INTERVAL_MS) {
    await touchSession(ctx.db, idHash, now);
  }
  const session: AuthenticatedSession = {
    idHash,
    tenantId: state.tenant_id,
    contactId: state.contact_id,
    companyId: state.company_id,
    expiresAt: state.expires_at,
    source: presented.source,
    state,
  };
  request.session = session;
  return session;
}

function readSessionToken(request: FastifyRequest): { token: string; source: 'bearer' | 'cookie' } {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (match === null || !TOKEN_PATTERN.test(match[1] ?? '')) {
      throw new ApiError('session_invalid');
    }
    return { token: match[1] ?? '', source: 'bearer' };
  }

  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined || !TOKEN_PATTERN.test(cookie)) {
    throw new ApiError('session_invalid');
  }
  return { token: cookie, source: 'cookie' };
}

// A cookie travels with any request the browser makes, so a state-changing request that
// relies on it must prove it came from our page or a linked host: a custom header
// (which forces a CORS preflight) and an exact Origin.
function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;

  const origin = request.headers.origin;
  const allowed =
    origin !== undefined &&
    (origin === tenantOf(request).portal_origin || request.hostOrigins.includes(origin));
  if (request.headers[CSRF_HEADER] !== '1' || !allowed) {
    throw new ApiError('csrf_rejected');
  }
}

function revocationReason(state: SessionState): string | null {
  if (state.tenant_sso_enabled !== 1) return 'sso_disabled';
  if (state.contact_deleted === 1) return 'contact_deleted';
  if (state.contact_inactive === 1) return 'contact_inactive';
  if (state.profile_is_revoke === 1 || state.profile_can_view_invoices !== 1)
    return 'access_revoked';
  if (state.contact_company_id !== state.company_id || state.company_deleted === 1) {
    return 'company_changed';
  }
  return null;
}
