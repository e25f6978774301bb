import * as connectwise from '@billfold/psa-connectwise';
import type { Database } from '@billfold/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
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

interface SyncTenantOptions {
  db: Kysely<Database>;
  tenantId: number;
  connection: AppContext['config']['manage'];
  onProgress?: (progress: { entity: string; processed: number; total?: number | null }) => void;
}

type SyncTenant = (options: SyncTenantOptions) => Promise<{ status: string }>;

// The sync engine lands in @billfold/psa-connectwise separately; look it up at run time so
// the console builds before it does.
function findSyncTenant(): SyncTenant | null {
  const candidate = (connectwise as unknown as Record<string, unknown>).syncTenant;
  return typeof candidate === 'function' ? (candidate as SyncTenant) : null;
}

const progressByTenant = new Map<number, SyncProgress>();

/** The latest console-started sync of a tenant in this process, or null. */
export function syncProgress(tenantId: number): SyncProgress | null {
  return progressByTenant.get(tenantId) ?? null;
}

/**
 * Starts `syncTenant` in the background for a tenant, one at a time per tenant in this
 * process. Returns false when a sync is already running.
 */
export function startBackgroundSync(
  ctx: AppContext,
  tenantId: number,
  log: FastifyBaseLogger,
): boolean {
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

  const syncTenant = findSyncTenant();
  if (syncTenant === null) {
    finish('failed', 'The sync engine is not installed in this build.');
    return true;
  }

  syncTenant({
    db: ctx.db,
    tenantId,
    connection: ctx.config.manage,
    onProgress: (update) => {
      progress.entity = update.entity;
      progress.processed = update.processed;
      progress.total = update.total ?? null;
    },
  })
    .then((summary) => finish(summary.status === 'succeeded' ? 'succeeded' : 'failed', null))
    .catch((error: unknown) => {
      log.error({ err: error, tenantId }, 'console sync failed');
      finish('failed', error instanceof Error ? error.message.slice(0, 300) : 'The sync failed.');
    });
  return true;
}
