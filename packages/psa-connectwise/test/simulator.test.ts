import { createTenant, type Database } from '@billfold/db';
import { createTestDatabase, testDialects, type TestDatabase } from '@billfold/db/testing';
import { startManageSim, type ManageSim } from '@billfold/manage-sim';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ManageClient,
  mapCompany,
  mapContact,
  mapInvoice,
  syncTenant,
  type ManageCompany,
  type ManageContact,
  type ManageInvoice,
} from '../src/index.js';

// The sync against the ConnectWise Manage simulator, over real HTTP.

const credentials = {
  companyId: 'billfold_demo',
  publicKey: 'demo-public-key',
  privateKey: 'demo-private-key',
  clientId: '00000000-0000-4000-8000-00000000b111',
};

async function readAll<T extends { id: number }>(client: ManageClient, path: string): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await client.list<T>(path, {
      conditions: last === undefined ? undefined : `id > ${last.id}`,
      orderBy: 'id asc',
    });
    all.push(...page.items);
    if (!page.hasNext) return all;
  }
}

describe.each(testDialects())('sync from the simulator on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let sim: ManageSim;
  let tenantId: number;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
  });
  afterAll(async () => database.dispose());

  beforeEach(async () => {
    sim = await startManageSim({
      host: '127.0.0.1',
      port: 0,
      seed: 7,
      companies: 20,
      contacts: 200,
      invoices: 2000,
    });
    const slug = `s${Math.random().toString(36).slice(2, 10)}`;
    tenantId = (
      await createTenant(db, { slug, name: 'Sim', portalOrigin: 'http://localhost:4000', now: 1 })
    ).id;
  });
  afterEach(async () => sim.close());

  const run = (client?: ManageClient) =>
    syncTenant({
      db,
      tenantId,
      connection: { ...credentials, url: sim.url },
      pageSize: 250,
      client,
    });

  async function expectEqualsSource() {
    const client = new ManageClient({ ...credentials, url: sim.url });
    const companies = (await readAll<ManageCompany>(client, 'company/companies')).map(mapCompany);
    const contacts = (await readAll<ManageContact>(client, 'company/contacts')).map(mapContact);
    const invoices = (await readAll<ManageInvoice>(client, 'finance/invoices')).map(mapInvoice);

    const companyRows = await db
      .selectFrom('companies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('psa_id')
      .execute();
    expect(
      companyRows.map((row) => ({
        ...pick(row, companies[0]!),
        psa_id: Number(row.psa_id),
        psa_updated_at: Number(row.psa_updated_at),
      })),
    ).toEqual(companies);
    const contactRows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('deleted', '=', 0)
      .orderBy('psa_id')
      .execute();
    expect(
      contactRows.map((row) => ({
        ...pick(row, contacts[0]!),
        psa_id: Number(row.psa_id),
        psa_company_id: row.psa_company_id === null ? null : Number(row.psa_company_id),
        psa_updated_at: Number(row.psa_updated_at),
      })),
    ).toEqual(contacts);
    const invoiceRows = await db
      .selectFrom('invoices')
      .innerJoin('companies', 'companies.id', 'invoices.company_id')
      .selectAll('invoices')
      .select('companies.psa_id as psa_company_id')
      .where('invoices.tenant_id', '=', tenantId)
      .orderBy('invoices.psa_id')
      .execute();
    expect(invoiceRows.map((row) => numbers(pick(row, invoices[0]!)))).toEqual(invoices);
  }

  it('copies the source', async () => {
    const summary = await run();
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.invoices.upserted).toBeGreaterThanOrEqual(2000);
    await expectEqualsSource();
  });

  it('syncs only the mutated records', async () => {
    await run();
    const changed = sim.mutate({ fraction: 0.01, seed: 3 });
    const summary = await run();
    expect(summary.counts.companies.upserted).toBe(changed.companies.length);
    expect(summary.counts.contacts.upserted).toBe(changed.contacts.length);
    expect(summary.counts.invoices.upserted).toBe(changed.invoices.length);
    expect(changed.invoices.length).toBeGreaterThan(0);
    await expectEqualsSource();
  });

  it('detects deleted companies and merged contacts', async () => {
    await run();
    const company = sim.data.companies.at(-1)!;
    const [from, into] = sim.data.contacts.slice(-2);
    sim.deleteCompany(company.id);
    sim.mergeContact(from!.id, into!.id);

    const summary = await run();
    expect(summary.counts.companies.deleted).toBe(1);
    expect(summary.counts.contacts.deleted).toBe(1);
    const merged = await db
      .selectFrom('contacts')
      .select('deleted')
      .where('tenant_id', '=', tenantId)
      .where('psa_id', '=', from!.id)
      .executeTakeFirstOrThrow();
    expect(merged.deleted).toBe(1);
    await expectEqualsSource();
  });

  it('rides out injected 503s', async () => {
    await sim.close();
    sim = await startManageSim({
      host: '127.0.0.1',
      port: 0,
      seed: 7,
      companies: 20,
      contacts: 200,
      invoices: 2000,
      faults: { status5xxRate: 0.3, seed: 1 },
    });
    const sleeps: number[] = [];
    const client = new ManageClient(
      { ...credentials, url: sim.url },
      { sleep: async (ms) => void sleeps.push(ms), maxRetries: 20 },
    );
    const summary = await run(client);
    expect(summary.status).toBe('succeeded');
    expect(sleeps.length).toBeGreaterThan(0);
  });
});

// Keeps the columns that the mapped record has, so rows compare with mapping output.
function pick<T extends object>(row: Record<string, unknown>, shape: T): T {
  return Object.fromEntries(Object.keys(shape).map((key) => [key, row[key]])) as T;
}

function numbers<T extends object>(row: T): T {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      typeof value === 'string' &&
      /^(psa_|subtotal|sales_tax|total|payments|credits|balance)/.test(key) &&
      /^-?\d+$/.test(value)
        ? Number(value)
        : value,
    ]),
  ) as T;
}
