import type { BillfoldDatabase, Database, WriteQueue } from '@billfold/db';
import type { Kysely } from 'kysely';
import type { PortalConfig } from './config.js';
import type { TenantCache } from './http/tenant-cache.js';
import type { InvoiceSource } from './invoices/invoice-source.js';
import type { LaunchTokenVerifier } from './sso/launch-verifier.js';

/** The services every route and plugin of the portal shares. */
export interface AppContext {
  database: BillfoldDatabase;
  db: Kysely<Database>;
  config: PortalConfig;
  /** Current time in epoch milliseconds; frozen in tests. */
  now: () => number;
  /** Verifies launch tokens against a tenant's trusted issuers. */
  verifier: LaunchTokenVerifier;
  /**
   * Reads invoice lines, payments and PDFs from the PSA; built from `config.manage` on
   * each call, so a changed `config.manage.url` takes effect at once.
   */
  invoiceSource: () => InvoiceSource;
  /** `fetch` for server-to-server calls (the token-callback validation URL). */
  fetch: typeof fetch;
  /** Runs the small writes of requests; on SQLite several requests share one commit. */
  writes: WriteQueue;
  /** Tenant settings by request origin, kept for `config.tenantCacheMs`. */
  tenantCache: TenantCache;
}
