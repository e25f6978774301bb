import { markMissingDeleted, type Database } from '@billfold/db';
import type { Kysely } from 'kysely';
import type { ManageClient } from './client.js';

/** The entity kinds whose removals from Manage are detected. */
export type ReconciledEntity = 'companies' | 'contacts' | 'invoices';

const PATHS: Record<ReconciledEntity, string> = {
  companies: 'company/companies',
  contacts: 'company/contacts',
  invoices: 'finance/invoices',
};

/**
 * Marks as deleted the companies, contacts or invoices that no longer exist in Manage
 * (removed, or merged into another contact). Walks Manage's ids in order with `fields=id`,
 * one keyset page at a time, and compares each id range with Billfold's rows. Returns how
 * many rows it marked.
 *
 * Each page is committed on its own and the step keeps no state, so a crash only means
 * the next run repeats it.
 */
export async function reconcileDeletions(
  db: Kysely<Database>,
  tenantId: number,
  client: ManageClient,
  entity: ReconciledEntity,
  options: { pageSize: number; signal?: AbortSignal },
): Promise<number> {
  let marked = 0;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await client.list<{ id: number }>(PATHS[entity], {
      conditions: after === Number.MIN_SAFE_INTEGER ? undefined : `id > ${after}`,
      orderBy: 'id asc',
      fields: 'id',
      pageSize: options.pageSize,
    });
    const ids = page.items.map((item) => item.id);
    const isLast = ids.length === 0 || (ids.length < options.pageSize && !page.hasNext);
    const through = isLast ? Number.MAX_SAFE_INTEGER : Math.max(...ids);

    marked += await markMissingDeleted(db, tenantId, entity, after, through, ids);
    if (isLast) return marked;
    after = through;
  }
}
