import { createTenant, ensureDefaultProfiles, type Database } from '@billfold/db';
import { createTestDatabase, testDialects, type TestDatabase } from '@billfold/db/testing';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManageClient, mapCompany, mapContact, mapInvoice, syncTenant } from '../src/index.js';
import { generateData, startFakeManage, type FakeManage } from './fake-manage.js';

const credentials = {
  companyId: 'billfold_demo',
  publicKey: 'demo-public-key',
  privateKey: 'demo-private-key',
  clientId: '00000000-0000-4000-8000-00000000b111',
};

describe.each(testDialects())('syncTenant on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let manage: FakeManage;
  let tenantId: number;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
  });
  afterAll(async () => database.dispose());

  beforeEach(async () => {
    manage = await startFakeManage(generateData({ companies: 30, contacts: 250, invoices: 2500 }));
    const tenant = await createTenant(db, {
      slug: `t${Math.random().toString(36).slice(2, 10)}`,
      name: 'Sync test',
      portalOrigin: 'http://localhost:4000',
      now: 1,
    });
    tenantId = tenant.id;
  });
  afterEach(async () => manage.close());

  // One page per transaction unless a test sets more, so progress comes after every page.
  const run = (extra: Partial<Parameters<typeof syncTenant>[0]> = {}) =>
    syncTenant({
      db,
      tenantId,
      connection: { ...credentials, url: manage.url },
      pageSize: 100,
      recordsPerTransaction: 100,
      ...extra,
    });

  it('copies the source', async () => {
    const progress: number[] = [];
    const summary = await run({ onProgress: (p) => progress.push(p.processed) });

    expect(summary.status).toBe('succeeded');
    expect(summary.counts.companies.upserted).toBe(30);
    expect(summary.counts.contacts.upserted).toBe(250);
    expect(summary.counts.invoices.upserted).toBe(2500);
    expect(progress.length).toBeGreaterThan(25);
    await expectMatchesSource(db, tenantId, manage);

    const runRow = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', summary.runId)
      .executeTakeFirstOrThrow();
    expect(runRow.status).toBe('succeeded');
    expect(JSON.parse(runRow.counts).invoices.upserted).toBe(2500);
  });

  it('links contacts and gives new ones Revoke Access', async () => {
    await run();
    const profiles = await ensureDefaultProfiles(db, tenantId);
    const contacts = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(contacts.every((c) => Number(c.profile_id) === profiles.revokeId)).toBe(true);
    expect(contacts.every((c) => c.company_id !== null)).toBe(true);
  });

  it('syncs only what changed', async () => {
    await run();
    const changed = manage.data.invoices.filter((_, i) => i % 100 === 7);
    for (const invoice of changed) {
      invoice.balance = 0;
      invoice._info = { lastUpdated: '2026-06-01T00:00:00Z' };
    }
    const contact = manage.data.contacts[5]!;
    contact.lastName = 'Renamed';
    contact._info = { lastUpdated: '2026-06-01T00:00:00Z' };

    const summary = await run();
    expect(summary.counts.companies.upserted).toBe(0);
    expect(summary.counts.contacts.upserted).toBe(1);
    expect(summary.counts.invoices.upserted).toBe(changed.length);
    await expectMatchesSource(db, tenantId, manage);
  });

  it('keeps an admin-set profile on resync', async () => {
    await run();
    const { adminId } = await ensureDefaultProfiles(db, tenantId);
    const target = manage.data.contacts[9]!;
    await db
      .updateTable('contacts')
      .set({ profile_id: adminId })
      .where('tenant_id', '=', tenantId)
      .where('psa_id', '=', target.id)
      .execute();
    target.firstName = 'Changed';
    target._info = { lastUpdated: '2026-07-01T00:00:00Z' };

    await run();
    const row = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('psa_id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(row.first_name).toBe('Changed');
    expect(Number(row.profile_id)).toBe(adminId);
  });

  it('detects deletions and merges', async () => {
    await run();
    manage.data.companies[3]!.deletedFlag = true;
    manage.data.companies[3]!._info = { lastUpdated: '2026-07-01T00:00:00Z' };
    const removedCompany = manage.data.companies.splice(4, 1)[0]!;
    const mergedContacts = manage.data.contacts.splice(10, 2);
    const lastContact = manage.data.contacts.pop()!;

    const summary = await run();
    expect(summary.counts.companies.deleted).toBe(2);
    expect(summary.counts.contacts.deleted).toBe(3);
    const deleted = async (table: 'companies' | 'contacts') =>
      (
        await db
          .selectFrom(table)
          .select('psa_id')
          .where('tenant_id', '=', tenantId)
          .where('deleted', '=', 1)
          .orderBy('psa_id')
          .execute()
      ).map((r) => Number(r.psa_id));
    expect(await deleted('companies')).toEqual(
      [manage.data.companies[3]!.id, removedCompany.id].sort((a, b) => a - b),
    );
    expect(await deleted('contacts')).toEqual([...mergedContacts.map((c) => c.id), lastContact.id]);
  });

  it('detects deleted invoices', async () => {
    await run();
    const removed = [
      ...manage.data.invoices.splice(150, 2),
      ...manage.data.invoices.splice(-1, 1),
    ].map((invoice) => invoice.id);

    const summary = await run();
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.invoices.deleted).toBe(3);
    const deleted = await db
      .selectFrom('invoices')
      .select('psa_id')
      .where('tenant_id', '=', tenantId)
      .where('deleted', '=', 1)
      .orderBy('psa_id')
      .execute();
    expect(deleted.map((row) => Number(row.psa_id))).toEqual(removed);
  });

  it('keeps an invoice whose company is missing', async () => {
    const invoice = manage.data.invoices[7]!;
    invoice.company = { id: 7777, identifier: 'Ghost', name: 'Ghost Co' };

    const first = await run({ reconcile: false });
    expect(first.counts.invoices.upserted).toBe(2500);
    const placeholder = await companyRow(db, tenantId, 7777);
    expect(placeholder.name).toBe('Ghost Co');
    expect(placeholder.identifier).toBe('Ghost');
    expect(Number(placeholder.psa_updated_at)).toBe(0);
    expect(placeholder.deleted).toBe(0);
    const stored = await db
      .selectFrom('invoices')
      .select('company_id')
      .where('tenant_id', '=', tenantId)
      .where('psa_id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.company_id)).toBe(Number(placeholder.id));

    const second = await run();
    expect(second.counts.companies.deleted).toBe(1);
    expect((await companyRow(db, tenantId, 7777)).deleted).toBe(1);
  });

  it('links a contact whose company arrives later', async () => {
    const late = { ...manage.data.companies[0]!, id: 999, identifier: 'Late' };
    manage.data.contacts[0]!.company = { id: 999 };
    await run();
    const before = await contactRow(db, tenantId, manage.data.contacts[0]!.id);
    expect(before.company_id).toBeNull();
    expect(Number(before.psa_company_id)).toBe(999);

    manage.data.companies.push({ ...late, _info: { lastUpdated: '2026-08-01T00:00:00Z' } });
    await run();
    const after = await contactRow(db, tenantId, manage.data.contacts[0]!.id);
    expect(after.company_id).not.toBeNull();
  });

  it('fetches a company an invoice names before it was synced', async () => {
    await run();
    manage.data.companies.push({ ...manage.data.companies[0]!, id: 5000, identifier: 'New' });
    manage.data.invoices.push({
      ...manage.data.invoices[0]!,
      id: 999_999,
      company: { id: 5000 },
      _info: { lastUpdated: '2026-09-01T00:00:00Z' },
    });
    // Only the invoice pass sees the change: the company's lastUpdated is old.
    const summary = await run();
    expect(summary.counts.invoices.upserted).toBe(1);
    await expectMatchesSource(db, tenantId, manage);
  });

  it('retries through 429 and 5xx', async () => {
    manage.faults.push(
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 503 },
      { status: 500 },
    );
    const sleeps: number[] = [];
    const client = new ManageClient(
      { ...credentials, url: manage.url },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    const summary = await run({ client });
    expect(summary.status).toBe('succeeded');
    expect(sleeps[0]).toBe(3000);
    expect(sleeps).toHaveLength(3);
    await expectMatchesSource(db, tenantId, manage);
  });

  it('re-reads everything when full', async () => {
    await run();
    await db
      .updateTable('invoices')
      .set({ balance: -1 })
      .where('tenant_id', '=', tenantId)
      .execute();
    expect((await run()).counts.invoices.upserted).toBe(0);

    const summary = await run({ full: true });
    expect(summary.counts.invoices.upserted).toBe(2500);
    await expectMatchesSource(db, tenantId, manage);
    expect((await run()).counts.invoices.upserted).toBe(0);
  });

  it('commits several pages per transaction', async () => {
    const progress: number[] = [];
    const summary = await run({
      recordsPerTransaction: 250,
      onProgress: (p) => {
        if (p.entity === 'invoices') progress.push(p.processed);
      },
    });

    expect(summary.status).toBe('succeeded');
    expect(summary.counts.invoices.upserted).toBe(2500);
    expect(progress).toEqual([0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2500]);
    const cursor = await db
      .selectFrom('sync_cursors')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('entity', '=', 'invoices')
      .executeTakeFirstOrThrow();
    expect(cursor.pass_after_id).toBeNull();
    await expectMatchesSource(db, tenantId, manage);
  });

  it('keeps the newer copy of a record read twice', async () => {
    await run();
    const changed = manage.data.invoices.slice(0, 300);
    for (const invoice of changed) invoice._info = { lastUpdated: '2026-06-01T00:00:00Z' };

    // After the first page of the incremental pass, the first invoice changes again, so it
    // comes back on a later page of the same transaction.
    let invoicePages = 0;
    const fetchThenChange: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = String(input);
      if (url.includes('finance/invoices?') && ++invoicePages === 1) {
        changed[0]!.balance = 12.34;
        changed[0]!._info = { lastUpdated: '2026-06-02T00:00:00Z' };
      }
      return response;
    };
    const client = new ManageClient(
      { ...credentials, url: manage.url },
      { fetch: fetchThenChange },
    );
    const summary = await run({ client, recordsPerTransaction: 1000, reconcile: false });

    expect(summary.status).toBe('succeeded');
    expect(invoicePages).toBe(4);
    expect(summary.counts.invoices.upserted).toBe(300);
    await expectMatchesSource(db, tenantId, manage);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const summary = await run({
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.entity === 'contacts' && progress.processed > 0) controller.abort();
      },
    });
    expect(summary.status).toBe('failed');
    expect(summary.counts.contacts.upserted).toBe(100);
    expect(summary.counts.invoices.upserted).toBe(0);
  });

  it('fails the run on 401 without leaking keys', async () => {
    manage.faults.push({ status: 401 });
    const client = new ManageClient(
      { ...credentials, url: manage.url },
      { sleep: async () => undefined },
    );
    manage.faults.push({ status: 401 });
    const summary = await run({ client });
    expect(summary.status).toBe('failed');
    expect(summary.error).toContain('manage_unauthorized');
    expect(summary.error).not.toContain(credentials.privateKey);
    const runRow = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', summary.runId)
      .executeTakeFirstOrThrow();
    expect(runRow.status).toBe('failed');
  });
});

async function companyRow(db: Kysely<Database>, tenantId: number, psaId: number) {
  return db
    .selectFrom('companies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('psa_id', '=', psaId)
    .executeTakeFirstOrThrow();
}

async function contactRow(db: Kysely<Database>, tenantId: number, psaId: number) {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('psa_id', '=', psaId)
    .executeTakeFirstOrThrow();
}

/** Checks every synced row against the mapping of the source records. */
async function expectMatchesSource(db: Kysely<Database>, tenantId: number, manage: FakeManage) {
  const companies = await db
    .selectFrom('companies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('psa_id')
    .execute();
  const expectedCompanies = manage.data.companies
    .map(mapCompany)
    .sort((a, b) => a.psa_id - b.psa_id);
  expect(
    companies.map(({ psa_id, identifier, name, status, currency, deleted, psa_updated_at }) => ({
      psa_id: Number(psa_id),
      identifier,
      name,
      status,
      currency,
      deleted,
      psa_updated_at: Number(psa_updated_at),
    })),
  ).toEqual(expectedCompanies);

  const companyPsa = new Map(companies.map((c) => [Number(c.id), Number(c.psa_id)]));
  const contacts = await db
    .selectFrom('contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('psa_id')
    .execute();
  const expectedContacts = manage.data.contacts.map(mapContact).sort((a, b) => a.psa_id - b.psa_id);
  expect(
    contacts.map((c) => ({
      psa_id: Number(c.psa_id),
      psa_company_id: c.psa_company_id === null ? null : Number(c.psa_company_id),
      first_name: c.first_name,
      last_name: c.last_name,
      email: c.email,
      email_normalized: c.email_normalized,
      inactive: c.inactive,
      default_billing: c.default_billing,
      portal_security_level: c.portal_security_level,
      deleted: c.deleted,
      psa_updated_at: Number(c.psa_updated_at),
    })),
  ).toEqual(expectedContacts);
  for (const contact of contacts) {
    if (contact.company_id !== null)
      expect(companyPsa.get(Number(contact.company_id))).toBe(Number(contact.psa_company_id));
  }

  const invoices = await db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('psa_id')
    .execute();
  const expectedInvoices = manage.data.invoices.map(mapInvoice).sort((a, b) => a.psa_id - b.psa_id);
  expect(invoices).toHaveLength(expectedInvoices.length);
  invoices.forEach((row, i) => {
    const { psa_company_id, ...expected } = expectedInvoices[i]!;
    expect(companyPsa.get(Number(row.company_id))).toBe(psa_company_id);
    expect({
      ...row,
      id: undefined,
      tenant_id: undefined,
      company_id: undefined,
      synced_at: undefined,
      psa_id: Number(row.psa_id),
      psa_updated_at: Number(row.psa_updated_at),
      subtotal: Number(row.subtotal),
      sales_tax: Number(row.sales_tax),
      total: Number(row.total),
      payments: Number(row.payments),
      credits: Number(row.credits),
      balance: Number(row.balance),
    }).toEqual({
      ...expected,
      id: undefined,
      tenant_id: undefined,
      company_id: undefined,
      synced_at: undefined,
    });
  });
}
