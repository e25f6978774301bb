import { createHash } from 'node:crypto';
import {
  findInternalUserByEmail,
  incrementRateLimit,
  readRateLimit,
  type Tenant,
} from '@billfold/db';
import { normalizeEmail } from '@billfold/eligibility';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { AdminError } from './admin-errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { verifyTotp } from './totp.js';

/** Failed sign-ins allowed per email and per IP in one window. */
export const SIGN_IN_LIMIT = 5;
/** The sign-in throttle window. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** A sign-in attempt as the console posts it. */
export interface SignInInput {
  email: string;
  password: string;
  totp?: string | undefined;
}

let dummyHash: Promise<string> | null = null;

function throttleKeys(tenant: Tenant, emailNormalized: string, ip: string): string[] {
  // The email is hashed so the rate-limit table holds no addresses.
  const emailKey = createHash('sha256').update(emailNormalized).digest('base64url');
  return [`admin-sign-in:email:${tenant.id}:${emailKey}`, `admin-sign-in:ip:${ip}`];
}

/**
 * Checks an internal user's credentials and returns the user id. Unknown email and wrong
 * password cost the same scrypt work and give the same `sign_in_failed`; five failures per
 * email or per IP in 15 minutes give `rate_limited` with `Retry-After` until the window ends.
 */
export async function authenticateInternalUser(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: Tenant,
  input: SignInInput,
): Promise<{ userId: number; email: string; role: 'master' | 'admin' }> {
  const emailNormalized = normalizeEmail(input.email);
  const now = ctx.now();
  const windowStart = now - (now % SIGN_IN_WINDOW_MS);
  const keys = throttleKeys(tenant, emailNormalized, request.ip);

  for (const key of keys) {
    if ((await readRateLimit(ctx.db, key, windowStart)) >= SIGN_IN_LIMIT) {
      const retryAfter = Math.max(1, Math.ceil((windowStart + SIGN_IN_WINDOW_MS - now) / 1000));
      request.log.warn({ tenantId: tenant.id }, 'admin sign-in throttled');
      throw new ApiError('rate_limited', undefined, { 'retry-after': String(retryAfter) });
    }
  }

  const user = await findInternalUserByEmail(ctx.db, tenant.id, emailNormalized);
  dummyHash ??= hashPassword('billfold-dummy-password');
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
  if (user === undefined || !passwordOk) {
    for (const key of keys) await incrementRateLimit(ctx.db, key, windowStart);
    request.log.warn({ tenantId: tenant.id }, 'admin sign-in failed');
    throw new AdminError('sign_in_failed');
  }

  if (user.totp_secret !== null) {
    const code = input.totp?.trim() ?? '';
    if (code === '') throw new AdminError('totp_required');
    if (!verifyTotp(user.totp_secret, code, now)) {
      for (const key of keys) await incrementRateLimit(ctx.db, key, windowStart);
      throw new AdminError('sign_in_failed');
    }
  }

  return { userId: user.id, email: user.email, role: user.role === 'master' ? 'master' : 'admin' };
}
