import { syncTenant } from '@billfold/psa-connectwise';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { createAppContext } from '../index.js';
import { resolveTenantOption, type CliOptions } from './options.js';
import { createProgressBar } from './progress.js';

/** `billfold sync`: one sync run from the configured Manage site, with a progress bar. */
export async function runSync(options: CliOptions): Promise<number> {
  const ctx = await createAppContext(loadConfig(), { quiet: true });
  try {
    const tenant = await resolveTenantOption(ctx, options.tenant);
    const ok = await syncWithProgress(ctx, tenant.id);
    return ok ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}

/** Runs one sync for a tenant, drawing progress on stderr and printing the summary. */
export async function syncWithProgress(ctx: AppContext, tenantId: number): Promise<boolean> {
  const bar = createProgressBar();
  const manage = ctx.config.manage;
  console.log(`Syncing from ${manage.url} …`);
  try {
    const summary = await syncTenant({
      db: ctx.db,
      tenantId,
      connection: manage,
      onProgress: (progress) =>
        bar.update({
          label: progress.entity,
          processed: progress.processed,
          total: progress.total,
          ratePerSec: progress.ratePerSec,
          etaSec: progress.etaSec,
        }),
    });
    bar.done();
    const { companies, contacts, invoices } = summary.counts;
    console.log(
      `Sync ${summary.status} in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
        `${companies.upserted} companies, ${contacts.upserted} contacts, ` +
        `${invoices.upserted} invoices updated.`,
    );
    return summary.status === 'succeeded';
  } catch (error) {
    bar.done();
    console.error(`Sync failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
