import { createWriteQueue, migrateToLatest, openDatabase } from '@billfold/db';
import type { PortalConfig } from './config.js';
import type { AppContext } from './context.js';
import type { InvoiceSource } from './invoices/invoice-source.js';
import { TenantCache } from './http/tenant-cache.js';
import { createManageInvoiceSource } from './invoices/manage-invoice-source.js';
import { createDatabaseReplayGuard } from './sso/db-replay-guard.js';
import { createTokenLaunchVerifier } from './sso/launch-verifier.js';

export { buildApp, type BuildAppOptions } from './app.js';
export { startPortal, type RunningPortal, type StartPortalOptions } from './server.js';
export { loadConfig, DEMO_MANAGE, type PortalConfig, type ManageConfig } from './config.js';
export type { AppContext } from './context.js';
export { checkEligibility, type EligibilityCheck } from './eligibility-check.js';
export { purgeExpiredRows } from './maintenance.js';

/** Options of {@link createAppContext}. */
export interface CreateAppContextOptions {
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
  /** Reserved for CLI commands that print their own output; the context itself logs nothing. */
  quiet?: boolean;
  /** Clock, epoch ms. Default `Date.now`; tests pass a frozen one. */
  now?: () => number;
  /** `fetch` for JWKS and the token-callback validation URL. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Source of invoice lines, payments and PDFs. Default: the Manage site in `config.manage`. */
  invoiceSource?: () => InvoiceSource;
}

/**
 * Opens the database named by `config.databaseUrl`, applies migrations, and creates the
 * launch verifier with a database-backed replay guard.
 *
 * @example
 * const ctx = await createAppContext(loadConfig());
 * const portal = await startPortal({ ctx });
 */
export async function createAppContext(
  config: PortalConfig,
  options: CreateAppContextOptions = {},
): Promise<AppContext> {
  const database = openDatabase({ url: config.databaseUrl });
  if (options.migrate !== false) await migrateToLatest(database.db);

  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const writes = createWriteQueue(database);
  const ctx: AppContext = {
    database,
    db: database.db,
    config,
    now,
    fetch: fetchImpl,
    writes,
    tenantCache: new TenantCache(config.tenantCacheMs),
    verifier: createTokenLaunchVerifier({
      replayGuard: createDatabaseReplayGuard(writes, () => ctx.now()),
      now: () => ctx.now(),
      clockToleranceSec: config.clockToleranceSec,
      allowLoopbackHttp: config.allowLoopbackHttp,
      fetch: fetchImpl,
    }),
    invoiceSource:
      options.invoiceSource ?? (() => createManageInvoiceSource(ctx.config.manage, fetchImpl)),
  };
  return ctx;
}
