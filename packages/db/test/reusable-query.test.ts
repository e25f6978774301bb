import { afterEach, describe, expect, it } from 'vitest';
import { reusableQuery } from '../src/reusable-query.js';
import {
  consumeReplayKey,
  createTenant,
  getTenantByOrigin,
  incrementRateLimit,
  incrementRateLimitPair,
  listInvoices,
  type Flag,
} from '../src/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/testing.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const flag = (value: boolean): Flag => (value ? 1 : 0);

describe.each(testDialects())('reusable queries on %s', (dialect) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  const createAcme = (db: TestDatabase['db']) =>
    createTenant(db, {
      slug: 'acme',
      name: 'Acme IT',
      portalOrigin: 'https://acme.billfold.example',
      now: NOW,
    });

  async function open(): Promise<TestDatabase> {
    database = await createTestDatabase(dialect);
    return database;
  }

  it('uses each call’s arguments', async () => {
    const { db } = await open();
    for (const slug of ['acme', 'globex']) {
      await createTenant(db, {
        slug,
        name: slug,
        portalOrigin: `https://${slug}.billfold.example`,
        now: NOW,
      });
    }
    const bySlug = reusableQuery(1, (kysely, slug: string) =>
      kysely.selectFrom('tenants').select('name').where('slug', '=', slug),
    );

    expect((await bySlug(db, 'acme')).rows).toEqual([{ name: 'acme' }]);
    expect((await bySlug(db, 'globex')).rows).toEqual([{ name: 'globex' }]);
    const inTransaction = await db
      .transaction()
      .execute(async (trx) => (await bySlug(trx, 'globex')).rows);
    expect(inTransaction).toEqual([{ name: 'globex' }]);
    expect((await getTenantByOrigin(db, 'https://ACME.billfold.example'))?.slug).toBe('acme');
  });

  it('keeps the builder’s fixed values', async () => {
    const { db } = await open();
    const tenant = await createAcme(db);
    const ssoOffBySlug = reusableQuery(1, (kysely, slug: string) =>
      kysely
        .selectFrom('tenants')
        .select('id')
        .where('sso_enabled', '=', 0)
        .where('slug', '=', slug),
    );

    expect((await ssoOffBySlug(db, 'acme')).rows).toEqual([{ id: tenant.id }]);
    await db.updateTable('tenants').set({ sso_enabled: 1 }).execute();
    expect((await ssoOffBySlug(db, 'acme')).rows).toEqual([]);
  });

  it('rejects a computed argument', async () => {
    const { db } = await open();
    const computed = reusableQuery(1, (kysely, limit: number) =>
      kysely
        .selectFrom('tenants')
        .select('id')
        .limit(Number(limit) + 1),
    );

    await expect(computed(db, 5)).rejects.toThrow(
      /argument 0 is missing from the compiled parameters/,
    );
  });

  it('rejects an undefined argument', async () => {
    const { db } = await open();
    const bySlug = reusableQuery(1, (kysely, slug: string) =>
      kysely.selectFrom('tenants').select('id').where('slug', '=', slug),
    );

    await expect(bySlug(db, undefined as unknown as string)).rejects.toThrow(/undefined/);
  });

  it('rejects a handle with plugins', async () => {
    const { db } = await open();
    const bySlug = reusableQuery(1, (kysely, slug: string) =>
      kysely.selectFrom('tenants').select('id').where('slug', '=', slug),
    );

    await expect(bySlug(db.withSchema('other'), 'acme')).rejects.toThrow(/plugins or withSchema/);
  });

  it('claims a replay key once', async () => {
    const { db } = await open();
    const issuer = 'https://cw.example';

    expect(await consumeReplayKey(db, issuer, 'jti-1', NOW + 60_000, NOW)).toBe(true);
    expect(await consumeReplayKey(db, issuer, 'jti-1', NOW + 60_000, NOW + 1)).toBe(false);
    expect(await consumeReplayKey(db, issuer, 'jti-2', NOW + 60_000, NOW + 1)).toBe(true);
    // An expired entry that was not purged yet is taken over, once.
    expect(await consumeReplayKey(db, issuer, 'jti-1', NOW + 200_000, NOW + 60_000)).toBe(true);
    expect(await consumeReplayKey(db, issuer, 'jti-1', NOW + 200_000, NOW + 60_001)).toBe(false);
  });

  it('counts rate-limit hits per key', async () => {
    const { db } = await open();
    const window = NOW - (NOW % 60_000);

    expect(await incrementRateLimitPair(db, 'ip:1', 'tenant:1', window)).toEqual([1, 1]);
    expect(await incrementRateLimitPair(db, 'ip:2', 'tenant:1', window)).toEqual([1, 2]);
    expect(await incrementRateLimit(db, 'ip:1', window)).toBe(2);
    expect(await incrementRateLimitPair(db, 'tenant:1', 'ip:1', window)).toEqual([3, 3]);
    expect(await incrementRateLimitPair(db, 'z:last', 'a:first', window)).toEqual([1, 1]);
    expect(await incrementRateLimitPair(db, 'a:first', 'z:last', window)).toEqual([2, 2]);
    expect(await incrementRateLimitPair(db, 'z:last', 'ip:2', window)).toEqual([3, 2]);
    expect(await incrementRateLimitPair(db, 'ip:1', 'tenant:1', window + 60_000)).toEqual([1, 1]);
    await expect(incrementRateLimitPair(db, 'ip:1', 'ip:1', window)).rejects.toThrow(/must differ/);
  });

  it('pages invoices by filter and cursor', async () => {
    const { db } = await open();
    const tenant = await createAcme(db);
    const company = await db
      .insertInto('companies')
      .values({
        tenant_id: tenant.id,
        psa_id: 1,
        identifier: 'ACME',
        name: 'Acme',
        psa_updated_at: NOW,
        synced_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const invoice = (n: number, dueDate: string, closed: boolean) => ({
      tenant_id: tenant.id,
      psa_id: n,
      company_id: company.id,
      invoice_number: `INV-${n}`,
      type: 'Standard',
      invoice_date: '2026-11-01',
      due_date: dueDate,
      currency: 'USD',
      subtotal: 1000 * n,
      sales_tax: 0,
      total: 1000 * n,
      payments: closed ? 1000 * n : 0,
      credits: 0,
      balance: closed ? 0 : 1000 * n,
      customer_po: null,
      is_closed: flag(closed),
      status_name: closed ? 'Paid' : 'Open',
      psa_updated_at: NOW,
      synced_at: NOW,
    });
    await db
      .insertInto('invoices')
      .values([
        invoice(1, '2026-12-01', false),
        invoice(2, '2026-12-02', true),
        invoice(3, '2026-12-03', false),
        invoice(4, '2026-12-03', true),
      ])
      .execute();
    const page = (status: 'open' | 'paid' | 'all', after: { dueDate: string; id: number } | null) =>
      listInvoices(db, { tenantId: tenant.id, companyId: company.id, status, limit: 2, after });

    const first = await page('all', null);
    expect(first.map((row) => row.invoice_number)).toEqual(['INV-4', 'INV-3']);
    const last = first[1];
    const second = await page('all', { dueDate: last?.due_date ?? '', id: last?.id ?? 0 });
    expect(second.map((row) => row.invoice_number)).toEqual(['INV-2', 'INV-1']);
    expect((await page('open', null)).map((row) => row.invoice_number)).toEqual(['INV-3', 'INV-1']);
    expect((await page('paid', null)).map((row) => row.invoice_number)).toEqual(['INV-4', 'INV-2']);
    expect(
      await listInvoices(db, {
        tenantId: tenant.id + 1,
        companyId: company.id,
        status: 'all',
        limit: 10,
        after: null,
      }),
    ).toEqual([]);
  });
});
