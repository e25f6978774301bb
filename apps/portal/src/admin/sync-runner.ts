import { syncTenant } from '@billfold/psa-connectwise';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';

/** Progress of the sync the console started, as `GET /api/v1/admin/sync` reports it. */
export interface SyncProgress {
  running: boolean;
  entity: string | null;
  processed: number;
  total: number | null;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'succeeded' | 'failed';
  error: string | null;
}

// Per context, so two apps in one process (tests) never share progress.
const progressByContext = new WeakMap<AppContext, Map<number, SyncProgress>>();

function progressMap(ctx: AppContext): Map<number, SyncProgress> {
  let map = progressByContext.get(ctx);
  if (map === undefined) {
    map = new Map();
    progressByContext.set(ctx, map);
  }
  return map;
}

/** Returns the latest console-started sync of a tenant in this process, or null. */
export function syncProgress(ctx: AppContext, tenantId: number): SyncProgress | null {
  return progressMap(ctx).get(tenantId) ?? null;
}

// NOTE: progress and the one-at-a-time rule live in this process's memory, so two portal
// processes behind one load balancer could each start a sync for the same tenant.
/**
 * Starts `syncTenant` in the background for a tenant, one at a time per tenant in this
 * process. Returns false when a sync is already running.
 */
export function startBackgroundSync(
  ctx: AppContext,
  tenantId: number,
  log: FastifyBaseLogger,
): boolean {
  const progressByTenant = progressMap(ctx);
  if (progressByTenant.get(tenantId)?.running === true) return false;

  const progress: SyncProgress = {
    running: true,
    entity: null,
    processed: 0,
    total: null,
    started_at: new Date(ctx.now()).toISOString(),
    finished_at: null,
    status: 'running',
    error: null,
  };
  progressByTenant.set(tenantId, progress);

  const finish = (status: 'succeeded' | 'failed', error: string | null) => {
    Object.assign(progress, {
      running: false,
      status,
      error,
      finished_at: new Date(ctx.now()).toISOString(),
    });
  };

  syncTenant({
    db: ctx.db,
    tenantId,
    connection: ctx.config.manage,
    // One page per transaction: while a SQLite transaction runs, the portal's other
    // queries wait for it, so launches and invoice pages wait for one page at most.
    recordsPerTransaction: 1000,
    now: () => ctx.now(),
    onProgress: (update) => {
      progress.entity = update.entity;
      progress.processed = update.processed;
      progress.total = update.total ?? null;
    },
  })
    .then((summary) => finish(summary.status, summary.error ?? null))
    .catch((error: unknown) => {
      log.error({ err: error, tenantId }, 'console sync failed');
      finish('failed', error instanceof Error ? error.message.slice(0, 300) : 'The sync failed.');
    });
  return true;
}
