import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateToLatest, migrationNames, openDatabase } from '@billfold/db';
import BetterSqlite3 from 'better-sqlite3';
import type { BenchSettings } from './settings.js';

/** A contact the bench launches as, with the ids its launch token asserts. */
export interface BenchContact {
  psaContactId: number;
  psaCompanyId: number;
  /** Billfold's own company id, for the floor's invoice query. */
  companyId: number;
  email: string;
}

/** The seeded portal database. */
export interface SeededDatabase {
  file: string;
  tenantId: number;
  /** Contacts spread evenly over the companies, each with the Admin profile. */
  contacts: BenchContact[];
  /** Whether this run reused a database seeded earlier. */
  reused: boolean;
  seedSeconds: number;
}

// Bump when the seeded rows change, so an older bench file is rebuilt.
const SEED_VERSION = 2;
const INSERT_BATCH_ROWS = 200;
const SAMPLE_CONTACTS = 200;
const DAY_MS = 86_400_000;
const SEED_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * Creates the bench's portal database: one tenant with SSO on, 10,000 companies,
 * contacts with the Admin profile and 1,000,000 invoices in the full run. The rows go
 * in through better-sqlite3 in one transaction with batched prepared inserts, and the
 * file is reused while its size, seed version and migrations match.
 */
export async function seedPortalDatabase(settings: BenchSettings): Promise<SeededDatabase> {
  const plan = settings.portal;
  const file = path.join(settings.dataDir, `portal-${plan.invoices}.db`);
  const metaFile = `${file}.json`;
  const meta = JSON.stringify({ version: SEED_VERSION, plan, migrations: migrationNames });

  const started = performance.now();
  const reused =
    existsSync(file) && existsSync(metaFile) && readFileSync(metaFile, 'utf8') === meta;
  if (!reused) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    rmSync(metaFile, { force: true });
  }

  const database = openDatabase({ url: file });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite as BetterSqlite3.Database;
  if (!reused) {
    insertRows(sqlite, plan);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // No ANALYZE, because the portal never runs it. With sqlite_stat4 rows present, SQLite
    // re-plans a prepared statement each time a bound value changes, which made the
    // eligibility lookup take about 45 µs instead of 7 µs here.
  }
  clearRunState(sqlite);

  const tenantId = (
    sqlite.prepare(`select id from tenants where slug = 'bench'`).get() as { id: number }
  ).id;
  const contacts = sampleContacts(sqlite, tenantId);
  await database.close();
  if (!reused) writeFileSync(metaFile, meta);

  return { file, tenantId, contacts, reused, seedSeconds: (performance.now() - started) / 1000 };
}

/** Points the tenant at the portal's origin and trusts the run's issuer with pasted keys. */
export function configureTenant(
  file: string,
  tenantId: number,
  portalOrigin: string,
  issuer: { issuer: string; jwksJson: string },
): void {
  const sqlite = openRaw(file);
  const now = Date.now();
  sqlite
    .prepare('update tenants set portal_origin = ?, updated_at = ? where id = ?')
    .run(portalOrigin, now, tenantId);
  sqlite.prepare('delete from trusted_issuers where tenant_id = ?').run(tenantId);
  sqlite
    .prepare(
      `insert into trusted_issuers
         (tenant_id, issuer, jwks_url, jwks_json, algorithms, created_at, updated_at)
       values (?, ?, null, ?, '["ES256"]', ?, ?)`,
    )
    .run(tenantId, issuer.issuer, issuer.jwksJson, now, now);
  sqlite.close();
}

function openRaw(file: string): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

// Sessions, replay-guard entries, rate-limit counters and SSO events of earlier runs
// would grow the tables the launch path writes to, so each run starts without them.
function clearRunState(sqlite: BetterSqlite3.Database): void {
  sqlite.exec(`
    delete from sessions;
    delete from replay_guard;
    delete from rate_limits;
    delete from sso_events;
  `);
}

function insertRows(sqlite: BetterSqlite3.Database, plan: BenchSettings['portal']): void {
  const now = Date.now();
  sqlite.transaction(() => {
    const tenantId = Number(
      sqlite
        .prepare(
          `insert into tenants (slug, name, portal_origin, sso_enabled, sso_provider,
             required_role, created_at, updated_at)
           values ('bench', 'Bench MSP', 'http://localhost:4000', 1, 'connectwise_portal',
             'Billing Admin', ?, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    const adminProfileId = insertProfiles(sqlite, tenantId, now);
    insertCompanies(sqlite, tenantId, plan.companies, now);
    insertContacts(sqlite, tenantId, plan, adminProfileId, now);
    insertInvoices(sqlite, tenantId, plan, now);
  })();
}

function insertProfiles(sqlite: BetterSqlite3.Database, tenantId: number, now: number): number {
  const insert = sqlite.prepare(
    `insert into profiles (tenant_id, name, can_view_invoices, can_download_pdf, can_pay,
       is_revoke, is_builtin, created_at)
     values (?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  insert.run(tenantId, 'Revoke Access', 0, 0, 0, 1, now);
  return Number(insert.run(tenantId, 'Admin', 1, 1, 1, 0, now).lastInsertRowid);
}

function insertCompanies(
  sqlite: BetterSqlite3.Database,
  tenantId: number,
  companies: number,
  now: number,
): void {
  const columns =
    '(tenant_id, psa_id, identifier, name, status, currency, psa_updated_at, synced_at)';
  insertBatched(sqlite, 'companies', columns, 8, companies, (index) => {
    const psaId = index + 1;
    return [tenantId, psaId, `C${psaId}`, `Company ${psaId}`, 'Active', 'USD', now, now];
  });
}

function insertContacts(
  sqlite: BetterSqlite3.Database,
  tenantId: number,
  plan: BenchSettings['portal'],
  profileId: number,
  now: number,
): void {
  const columns = `(tenant_id, psa_id, psa_company_id, company_id, first_name, last_name, email,
    email_normalized, inactive, default_billing, portal_security_level, profile_id,
    psa_updated_at, synced_at)`;
  const total = plan.companies * plan.contactsPerCompany;
  insertBatched(sqlite, 'contacts', columns, 14, total, (index) => {
    const psaId = index + 1;
    // Company rows were inserted first, so Billfold's company id equals its PSA id here.
    const companyId = Math.floor(index / plan.contactsPerCompany) + 1;
    const email = `contact${psaId}@company${companyId}.example`;
    const isFirst = index % plan.contactsPerCompany === 0 ? 1 : 0;
    return [
      tenantId,
      psaId,
      companyId,
      companyId,
      'Contact',
      String(psaId),
      email,
      email,
      0,
      isFirst,
      'Billing Admin',
      profileId,
      now,
      now,
    ];
  });
}

function insertInvoices(
  sqlite: BetterSqlite3.Database,
  tenantId: number,
  plan: BenchSettings['portal'],
  now: number,
): void {
  const columns = `(tenant_id, psa_id, company_id, invoice_number, type, status_name, is_closed,
    invoice_date, due_date, currency, subtotal, sales_tax, total, payments, credits, balance,
    customer_po, psa_updated_at, synced_at)`;
  const perCompany = Math.ceil(plan.invoices / plan.companies);
  insertBatched(sqlite, 'invoices', columns, 19, plan.invoices, (index) => {
    const psaId = index + 1;
    const companyId = Math.floor(index / perCompany) + 1;
    const invoiceDay = SEED_EPOCH_MS - (index % perCompany) * 7 * DAY_MS;
    const subtotal = 10_000 + ((index * 7919) % 490_000);
    const salesTax = Math.round(subtotal * 0.08);
    const total = subtotal + salesTax;
    const closed = index % 10 < 7 ? 1 : 0;
    // Paid invoices are paid in full; a third of the open ones are half paid.
    let payments = 0;
    if (closed === 1) payments = total;
    else if (index % 3 === 0) payments = Math.round(total / 2);
    return [
      tenantId,
      psaId,
      companyId,
      `INV-${psaId}`,
      'Standard',
      closed ? 'Paid' : 'Sent',
      closed,
      isoDay(invoiceDay),
      isoDay(invoiceDay + 30 * DAY_MS),
      'USD',
      subtotal,
      salesTax,
      total,
      payments,
      0,
      total - payments,
      null,
      now,
      now,
    ];
  });
}

// Multi-row prepared inserts: one statement per batch of rows instead of per row.
function insertBatched(
  sqlite: BetterSqlite3.Database,
  table: string,
  columns: string,
  width: number,
  count: number,
  row: (index: number) => unknown[],
): void {
  const placeholders = `(${new Array(width).fill('?').join(', ')})`;
  const statementFor = (rows: number) =>
    sqlite.prepare(
      `insert into ${table} ${columns} values ${new Array(rows).fill(placeholders).join(', ')}`,
    );
  const full = statementFor(INSERT_BATCH_ROWS);

  for (let start = 0; start < count; start += INSERT_BATCH_ROWS) {
    const rows = Math.min(INSERT_BATCH_ROWS, count - start);
    const values: unknown[] = [];
    for (let index = start; index < start + rows; index++) values.push(...row(index));
    (rows === INSERT_BATCH_ROWS ? full : statementFor(rows)).run(values);
  }
}

function sampleContacts(sqlite: BetterSqlite3.Database, tenantId: number): BenchContact[] {
  const total = (sqlite.prepare('select count(*) as n from contacts').get() as { n: number }).n;
  const step = Math.max(1, Math.floor(total / SAMPLE_CONTACTS));
  const rows = sqlite
    .prepare(
      `select psa_id, psa_company_id, company_id, email from contacts
       where tenant_id = ? and (id - 1) % ? = 0 order by id limit ?`,
    )
    .all(tenantId, step, SAMPLE_CONTACTS) as {
    psa_id: number;
    psa_company_id: number;
    company_id: number;
    email: string;
  }[];
  return rows.map((contact) => ({
    psaContactId: contact.psa_id,
    psaCompanyId: contact.psa_company_id,
    companyId: contact.company_id,
    email: contact.email,
  }));
}

function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
