import { listSyncRuns } from '@billfold/db';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { AdminError } from './admin-errors.js';
import { adminHandler } from './handler.js';
import { startBackgroundSync, syncProgress } from './sync-runner.js';

/** Sync runs as the console lists them. */
export async function syncStatus(ctx: AppContext, tenantId: number) {
  const runs = await listSyncRuns(ctx.db, tenantId, 20);
  return {
    progress: syncProgress(ctx, tenantId),
    runs: runs.map((run) => ({
      id: run.id,
      status: run.status,
      started_at: new Date(run.started_at).toISOString(),
      finished_at: run.finished_at === null ? null : new Date(run.finished_at).toISOString(),
      counts: JSON.parse(run.counts) as Record<string, unknown>,
      error: run.error,
    })),
  };
}

/** `GET /api/v1/admin/sync` (runs and progress) and `POST` (Sync now). */
export async function syncRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  app.get(
    '/api/v1/admin/sync',
    adminHandler(ctx, {}, async ({ tenant }) => syncStatus(ctx, tenant.id)),
  );

  app.post(
    '/api/v1/admin/sync',
    adminHandler(ctx, {}, async ({ request, reply, tenant, principal }) => {
      if (!startBackgroundSync(ctx, tenant.id, request.log)) {
        throw new AdminError('conflict', 'A sync is already running. Wait for it to finish.');
      }
      request.log.info({ tenantId: tenant.id, userId: principal.userId }, 'console sync started');
      return reply.code(202).send({ progress: syncProgress(ctx, tenant.id) });
    }),
  );
}
