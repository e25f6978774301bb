import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { Database, SyncCursor, SyncRun } from '../schema.js';

// Queries used by the PSA sync. The bulk upserts build their SQL by hand, once per
// (table, row count), because compiling a 1000-row insert through the query builder
// costs more than running it; values always travel as bound parameters.

/** The entity kinds that sync keeps a cursor for. */
export type SyncEntity = 'companies' | 'contacts' | 'invoices';

/** The ids of a tenant's two built-in profiles. */
export interface DefaultProfiles {
  revokeId: number;
  adminId: number;
}

/** The name of the built-in profile that new contacts get. */
export const REVOKE_PROFILE_NAME = 'Revoke Access';
/** The name of the built-in profile that may view, download and pay. */
export const ADMIN_PROFILE_NAME = 'Admin';

/**
 * Creates the tenant's built-in `Revoke Access` profile (no grants) and `Admin` profile
 * (view, download and pay) when they are missing, and returns both ids.
 */
export async function ensureDefaultProfiles(
  db: Kysely<Database>,
  tenantId: number,
  now: number = Date.now(),
): Promise<DefaultProfiles> {
  await db
    .insertInto('profiles')
    .values([
      {
        tenant_id: tenantId,
        name: REVOKE_PROFILE_NAME,
        can_view_invoices: 0,
        can_download_pdf: 0,
        can_pay: 0,
        is_revoke: 1,
        is_builtin: 1,
        created_at: now,
      },
      {
        tenant_id: tenantId,
        name: ADMIN_PROFILE_NAME,
        can_view_invoices: 1,
        can_download_pdf: 1,
        can_pay: 1,
        is_revoke: 0,
        is_builtin: 1,
        created_at: now,
      },
    ])
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
    .execute();

  const rows = await db
    .selectFrom('profiles')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('name', 'in', [REVOKE_PROFILE_NAME, ADMIN_PROFILE_NAME])
    .execute();
  const idOf = (name: string) => Number(rows.find((row) => row.name === name)?.id);
  return { revokeId: idOf(REVOKE_PROFILE_NAME), adminId: idOf(ADMIN_PROFILE_NAME) };
}

/** A company row to upsert, keyed by `psa_id`. */
export interface CompanyUpsert {
  psa_id: number;
  identifier: string;
  name: string;
  status: string | null;
  currency: string | null;
  deleted: 0 | 1;
  psa_updated_at: number;
}

/** A contact row to upsert; `company_id` is resolved from `psa_company_id` on write. */
export interface ContactUpsert {
  psa_id: number;
  psa_company_id: number | null;
  first_name: string;
  last_name: string;
  email: string | null;
  email_normalized: string | null;
  inactive: 0 | 1;
  default_billing: 0 | 1;
  portal_security_level: string | null;
  /** 0 on every upsert, so a contact seen again after being marked deleted comes back. */
  deleted: 0 | 1;
  psa_updated_at: number;
}

/** An invoice row to upsert; `company_id` is the Billfold company id. */
export interface InvoiceUpsert {
  psa_id: number;
  company_id: number;
  invoice_number: string;
  type: string;
  status_name: string;
  is_closed: 0 | 1;
  invoice_date: string;
  due_date: string;
  currency: string;
  subtotal: number;
  sales_tax: number;
  total: number;
  payments: number;
  credits: number;
  balance: number;
  customer_po: string | null;
  deleted: 0 | 1;
  psa_updated_at: number;
}

const COMPANY_COLUMNS = [
  'identifier',
  'name',
  'status',
  'currency',
  'deleted',
  'psa_updated_at',
] as const;

const CONTACT_COLUMNS = [
  'psa_company_id',
  'company_id',
  'first_name',
  'last_name',
  'email',
  'email_normalized',
  'inactive',
  'default_billing',
  'portal_security_level',
  'deleted',
  'psa_updated_at',
] as const;

const INVOICE_COLUMNS = [
  'company_id',
  'invoice_number',
  'type',
  'status_name',
  'is_closed',
  'invoice_date',
  'due_date',
  'currency',
  'subtotal',
  'sales_tax',
  'total',
  'payments',
  'credits',
  'balance',
  'customer_po',
  'deleted',
  'psa_updated_at',
] as const;

/** Bound-parameter limits: SQLite allows 32 766 per statement, PostgreSQL 65 535. */
const MAX_PARAMETERS = { sqlite: 32_766, postgres: 65_535 } as const;

interface UpsertSpec {
  table: 'companies' | 'contacts' | 'invoices';
  /** Columns set from the source on insert and on update. */
  columns: readonly string[];
  /** Columns written on insert only (a resync never changes them). */
  insertOnly: readonly string[];
}

const sqlCache = new Map<string, string>();

function isPostgresDb(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function quote(name: string): string {
  return `"${name}"`;
}

// Builds `insert … values (…),(…) on conflict (tenant_id, psa_id) do update set …`.
function upsertSql(spec: UpsertSpec, rowCount: number, postgres: boolean): string {
  const key = `${spec.table}:${rowCount}:${postgres ? 'pg' : 'sqlite'}`;
  const cached = sqlCache.get(key);
  if (cached !== undefined) return cached;

  const all = ['tenant_id', 'psa_id', ...spec.columns, 'synced_at', ...spec.insertOnly];
  let parameter = 0;
  const placeholder = () => (postgres ? `$${++parameter}` : '?');
  const tuples: string[] = [];
  for (let row = 0; row < rowCount; row++) {
    tuples.push(`(${all.map(placeholder).join(',')})`);
  }
  const updates = [...spec.columns, 'synced_at']
    .map((column) => `${quote(column)} = excluded.${quote(column)}`)
    .join(', ');
  const text =
    `insert into ${quote(spec.table)} (${all.map(quote).join(', ')}) values ${tuples.join(',')} ` +
    `on conflict (tenant_id, psa_id) do update set ${updates}`;
  sqlCache.set(key, text);
  return text;
}

// Writes `rows` in as few statements as the parameter limit allows. `valuesOf` appends one
// row's values to `target` in `tenant_id, psa_id, …columns, synced_at, …insertOnly` order,
// so the parameter list is built flat, without an array per row.
async function bulkUpsert<Row>(
  db: Kysely<Database>,
  spec: UpsertSpec,
  rows: readonly Row[],
  valuesOf: (row: Row, target: unknown[]) => void,
): Promise<void> {
  if (rows.length === 0) return;

  const postgres = isPostgresDb(db);
  const width = spec.columns.length + spec.insertOnly.length + 3;
  const perStatement = Math.floor(MAX_PARAMETERS[postgres ? 'postgres' : 'sqlite'] / width);
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(start + perStatement, rows.length);
    const parameters: unknown[] = [];
    for (let index = start; index < end; index++) valuesOf(rows[index] as Row, parameters);
    const text = upsertSql(spec, end - start, postgres);
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

const COMPANY_SPEC: UpsertSpec = { table: 'companies', columns: COMPANY_COLUMNS, insertOnly: [] };
const CONTACT_SPEC: UpsertSpec = {
  table: 'contacts',
  columns: CONTACT_COLUMNS,
  insertOnly: ['profile_id'],
};
const INVOICE_SPEC: UpsertSpec = { table: 'invoices', columns: INVOICE_COLUMNS, insertOnly: [] };

/** Inserts or updates companies by `(tenant_id, psa_id)`. */
export async function upsertCompanies(
  db: Kysely<Database>,
  tenantId: number,
  companies: readonly CompanyUpsert[],
  now: number,
): Promise<void> {
  await bulkUpsert(db, COMPANY_SPEC, companies, (company, target) => {
    target.push(tenantId, company.psa_id);
    for (const column of COMPANY_COLUMNS) target.push(company[column]);
    target.push(now);
  });
}

/**
 * Inserts or updates contacts by `(tenant_id, psa_id)`, linking each to its company when
 * the company is already synced. New contacts get `newProfileId`; an existing contact keeps
 * its `profile_id`, because an administrator may have changed it.
 */
export async function upsertContacts(
  db: Kysely<Database>,
  tenantId: number,
  contacts: readonly ContactUpsert[],
  newProfileId: number,
  now: number,
): Promise<void> {
  const psaCompanyIds = contacts.flatMap((contact) =>
    contact.psa_company_id === null ? [] : [contact.psa_company_id],
  );
  const companyIds = await companyIdsByPsaId(db, tenantId, psaCompanyIds);
  await bulkUpsert(db, CONTACT_SPEC, contacts, (contact, target) => {
    const companyId =
      contact.psa_company_id === null ? null : (companyIds.get(contact.psa_company_id) ?? null);
    const values = { ...contact, company_id: companyId };
    target.push(tenantId, contact.psa_id);
    for (const column of CONTACT_COLUMNS) target.push(values[column]);
    target.push(now, newProfileId);
  });
}

/** Inserts or updates invoices by `(tenant_id, psa_id)`. */
export async function upsertInvoices(
  db: Kysely<Database>,
  tenantId: number,
  invoices: readonly InvoiceUpsert[],
  now: number,
): Promise<void> {
  await bulkUpsert(db, INVOICE_SPEC, invoices, (invoice, target) => {
    target.push(tenantId, invoice.psa_id);
    for (const column of INVOICE_COLUMNS) target.push(invoice[column]);
    target.push(now);
  });
}

/** Maps PSA company ids to Billfold company ids, for the ids that are synced. */
export async function companyIdsByPsaId(
  db: Kysely<Database>,
  tenantId: number,
  psaIds: readonly number[],
): Promise<Map<number, number>> {
  const unique = [...new Set(psaIds)];
  const found = new Map<number, number>();
  for (let start = 0; start < unique.length; start += 10_000) {
    const rows = await db
      .selectFrom('companies')
      .select(['id', 'psa_id'])
      .where('tenant_id', '=', tenantId)
      .where('psa_id', 'in', unique.slice(start, start + 10_000))
      .execute();
    for (const row of rows) found.set(Number(row.psa_id), Number(row.id));
  }
  return found;
}

/**
 * Links contacts that were synced before their company: sets `company_id` on every
 * unlinked contact whose `psa_company_id` is one of `psaCompanyIds`.
 */
export async function linkContactsToCompanies(
  db: Kysely<Database>,
  tenantId: number,
  psaCompanyIds: readonly number[],
): Promise<void> {
  if (psaCompanyIds.length === 0) return;

  await db
    .updateTable('contacts')
    .set((eb) => ({
      company_id: eb
        .selectFrom('companies')
        .select('companies.id')
        .where('companies.tenant_id', '=', tenantId)
        .whereRef('companies.psa_id', '=', 'contacts.psa_company_id'),
    }))
    .where('tenant_id', '=', tenantId)
    .where('company_id', 'is', null)
    .where('psa_company_id', 'in', [...new Set(psaCompanyIds)])
    .execute();
}

/**
 * Marks as deleted the rows of `table` whose PSA id lies in `(afterPsaId, throughPsaId]`
 * but is not in `presentPsaIds`: they are gone from the PSA. Returns how many changed.
 */
export async function markMissingDeleted(
  db: Kysely<Database>,
  tenantId: number,
  table: 'companies' | 'contacts' | 'invoices',
  afterPsaId: number,
  throughPsaId: number,
  presentPsaIds: readonly number[],
): Promise<number> {
  let query = db
    .updateTable(table)
    .set({ deleted: 1 })
    .where('tenant_id', '=', tenantId)
    .where('deleted', '=', 0)
    .where('psa_id', '>', afterPsaId)
    .where('psa_id', '<=', throughPsaId);
  if (presentPsaIds.length > 0) {
    query = query.where('psa_id', 'not in', presentPsaIds);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Reads where sync of one entity resumes; undefined before its first committed page. */
export async function getSyncCursor(
  db: Kysely<Database>,
  tenantId: number,
  entity: SyncEntity,
): Promise<SyncCursor | undefined> {
  const row = await db
    .selectFrom('sync_cursors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('entity', '=', entity)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    ...row,
    last_updated: Number(row.last_updated),
    last_id: Number(row.last_id),
    pass_after_id: row.pass_after_id === null ? null : Number(row.pass_after_id),
  };
}

/** A cursor to save: the high-water `(lastUpdated, lastId)` and any full pass in progress. */
export interface SyncCursorInput {
  lastUpdated: number;
  lastId: number;
  passAfterId: number | null;
}

/** Saves the cursor of one entity; call it in the same transaction as the page it covers. */
export async function saveSyncCursor(
  db: Kysely<Database>,
  tenantId: number,
  entity: SyncEntity,
  cursor: SyncCursorInput,
  now: number,
): Promise<void> {
  const values = {
    last_updated: cursor.lastUpdated,
    last_id: cursor.lastId,
    pass_after_id: cursor.passAfterId,
    updated_at: now,
  };
  await db
    .insertInto('sync_cursors')
    .values({ tenant_id: tenantId, entity, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'entity']).doUpdateSet(values))
    .execute();
}

/** Deletes a tenant's cursors so the next sync is a full pass. */
export async function resetSyncCursors(db: Kysely<Database>, tenantId: number): Promise<void> {
  await db.deleteFrom('sync_cursors').where('tenant_id', '=', tenantId).execute();
}

/** Records the start of a sync run and returns its id. */
export async function startSyncRun(
  db: Kysely<Database>,
  tenantId: number,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('sync_runs')
    .values({ tenant_id: tenantId, started_at: now, status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Records how a sync run ended: its status, counts (stored as JSON) and error text. */
export async function finishSyncRun(
  db: Kysely<Database>,
  tenantId: number,
  runId: number,
  outcome: { status: 'succeeded' | 'failed'; counts: object; error: string | null; now: number },
): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({
      status: outcome.status,
      counts: JSON.stringify(outcome.counts),
      error: outcome.error,
      finished_at: outcome.now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', runId)
    .execute();
}

/** Returns a tenant's most recent sync run, if any. */
export async function getLastSyncRun(
  db: Kysely<Database>,
  tenantId: number,
): Promise<SyncRun | undefined> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
