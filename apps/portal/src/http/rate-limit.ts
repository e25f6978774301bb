import { incrementRateLimitPair } from '@billfold/db';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { tenantOf } from './tenant.js';

/** Length of one rate-limit window. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Counts a launch attempt per client IP and per tenant in the database, so the limits
 * hold across portal processes. Throws `rate_limited` with `Retry-After` once either
 * count passes its limit in the current window.
 */
export async function enforceLaunchRateLimit(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<void> {
  const tenant = tenantOf(request);
  const now = ctx.now();
  const windowStart = now - (now % RATE_LIMIT_WINDOW_MS);
  const limits = ctx.config.rateLimit;

  const [perIp, perTenant] = await ctx.writes.run((db) =>
    incrementRateLimitPair(
      db,
      `launch:ip:${request.ip}`,
      `launch:tenant:${tenant.id}`,
      windowStart,
    ),
  );
  if (perIp <= limits.perIpPerMinute && perTenant <= limits.perTenantPerMinute) return;

  const retryAfter = Math.max(1, Math.ceil((windowStart + RATE_LIMIT_WINDOW_MS - now) / 1000));
  request.log.warn({ tenantId: tenant.id, perIp, perTenant }, 'launch rate limit reached');
  throw new ApiError('rate_limited', undefined, { 'retry-after': String(retryAfter) });
}
