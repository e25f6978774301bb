import { purgeExpiredSessions, purgeRateLimits, purgeReplayGuard } from '@billfold/db';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './context.js';
import { RATE_LIMIT_WINDOW_MS } from './http/rate-limit.js';

/** How often expired rows are purged. */
export const MAINTENANCE_INTERVAL_MS = 5 * 60_000;

/**
 * Deletes expired replay-guard entries, past rate-limit windows and sessions past their
 * absolute expiry. Safe to run from every process at once: each step is one delete.
 */
export async function purgeExpiredRows(
  ctx: AppContext,
): Promise<{ replay: number; rateLimits: number; sessions: number }> {
  const now = ctx.now();
  return {
    replay: await purgeReplayGuard(ctx.db, now),
    rateLimits: await purgeRateLimits(ctx.db, now - 2 * RATE_LIMIT_WINDOW_MS),
    sessions: await purgeExpiredSessions(ctx.db, now),
  };
}

/** Runs {@link purgeExpiredRows} every few minutes until stopped. */
export function startMaintenance(ctx: AppContext, log: FastifyBaseLogger): { stop(): void } {
  const timer = setInterval(() => {
    purgeExpiredRows(ctx)
      .then((purged) => log.debug({ purged }, 'expired rows purged'))
      .catch((error: unknown) => log.error({ err: error }, 'purging expired rows failed'));
  }, MAINTENANCE_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
