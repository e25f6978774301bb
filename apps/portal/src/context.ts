import type { BillfoldDatabase, Database } from '@billfold/db';
import type { Kysely } from 'kysely';
import type { PortalConfig } from './config.js';

/** The services every route and plugin of the portal shares. */
export interface AppContext {
  database: BillfoldDatabase;
  db: Kysely<Database>;
  config: PortalConfig;
  /** Current time in epoch milliseconds; frozen in tests. */
  now: () => number;
}
