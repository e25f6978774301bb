import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@billfold/db/testing';
import { PDFDocument } from 'pdf-lib';
import { createInvoice } from '../support/fixture.js';
import { apiGet, launch } from '../support/launch.js';
import { createScenario, type Scenario } from '../support/scenario.js';
import type { InvoiceSource } from '../../src/invoices/invoice-source.js';

interface Page {
  data: { id: number; due_date: string; status: string; overdue: boolean; balance: number }[];
  next_cursor: string | null;
}

const MANAGE_PDF = new TextEncoder().encode('%PDF-1.4 from manage');
let manageUp = true;
const manageCalls: string[] = [];
const source: InvoiceSource = {
  getInvoiceLines: async (psaId) => {
    manageCalls.push(`lines:${psaId}`);
    if (!manageUp) throw new Error('manage unreachable');
    return [
      {
        line_no: 1,
        description: 'Managed services',
        quantity: 1,
        unit_price: 11_500,
        amount: 11_500,
      },
    ];
  },
  getInvoicePayments: async (psaId) => {
    manageCalls.push(`payments:${psaId}`);
    if (!manageUp) throw new Error('manage unreachable');
    return [{ psa_id: 1, paid_on: '2026-02-01', amount: 500, method: 'ACH' }];
  },
  getInvoicePdf: async (psaId) => {
    manageCalls.push(`pdf:${psaId}`);
    if (!manageUp) throw new Error('manage unreachable');
    return MANAGE_PDF;
  },
};

describe.each(testDialects())('invoice api (%s)', (dialect) => {
  let s: Scenario;
  let ada: string;
  let vera: string;
  const northwindIds: number[] = [];
  const foreignIds: number[] = [];

  beforeAll(async () => {
    s = await createScenario(dialect, { invoiceSource: source });
    const { tenant, other, companies } = s;
    // Northwind: 30 invoices over 10 due dates (3 per date, to exercise id tie-breaks).
    for (let i = 0; i < 30; i += 1) {
      const day = String(1 + (i % 10)).padStart(2, '0');
      northwindIds.push(
        await createInvoice(s, {
          tenantId: tenant.id,
          companyId: companies.northwind,
          psaId: 10_000 + i,
          dueDate: `2026-02-${day}`,
          closed: i % 3 === 0,
        }),
      );
    }
    await createInvoice(s, {
      tenantId: tenant.id,
      companyId: companies.northwind,
      psaId: 19_999,
      dueDate: '2026-01-15',
      balance: 0,
    });
    for (let i = 0; i < 5; i += 1) {
      foreignIds.push(
        await createInvoice(s, {
          tenantId: tenant.id,
          companyId: companies.contoso,
          psaId: 20_000 + i,
          dueDate: '2026-02-05',
        }),
      );
    }
    const otherCompany = await s.ctx.db
      .selectFrom('companies')
      .select('id')
      .where('tenant_id', '=', other.id)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 5; i += 1) {
      foreignIds.push(
        await createInvoice(s, {
          tenantId: other.id,
          companyId: otherCompany.id,
          psaId: 10_000 + i,
          dueDate: '2026-02-05',
        }),
      );
    }
    ada = (await launch(s)).token;
    vera = (await launch(s, { sub: '5008', email: 'vera.view@northwind.example' })).token;
  });
  afterAll(async () => {
    await s.close();
  });

  async function allPages(status: string, limit: number): Promise<Page['data']> {
    const rows: Page['data'] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/invoices?status=${status}&limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const response = await apiGet(s, query, ada);
      expect(response.statusCode).toBe(200);
      const page = response.json() as Page;
      rows.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor !== null);
    return rows;
  }

  it('list defaults to 25 newest due first', async () => {
    const page = (await apiGet(s, '/api/v1/invoices', ada)).json() as Page;
    expect(page.data).toHaveLength(25);
    expect(page.next_cursor).not.toBeNull();
    const keys = page.data.map((row) => `${row.due_date}#${String(row.id).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('paging covers every row once', async () => {
    const rows = await allPages('all', 7);
    expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(
      [...northwindIds, ...[rows.find((r) => r.due_date === '2026-01-15')?.id ?? -1]].sort(
        (a, b) => a - b,
      ),
    );
  });

  it('status filters', async () => {
    const open = await allPages('open', 100);
    const paid = await allPages('paid', 100);
    expect(open).toHaveLength(20);
    expect(open.every((row) => row.status === 'open' && row.balance !== 0)).toBe(true);
    expect(paid).toHaveLength(10);
    expect(paid.every((row) => row.status === 'paid')).toBe(true);
  });

  it('overdue flag from frozen clock', async () => {
    const open = await allPages('open', 100);
    expect(open.every((row) => row.overdue)).toBe(true);
  });

  it('keyset paging stable under inserts', async () => {
    const first = (await apiGet(s, '/api/v1/invoices?limit=10', ada)).json() as Page;
    // A newer invoice arrives between page requests; the next page must neither repeat
    // nor skip rows of the original order.
    const inserted = await createInvoice(s, {
      tenantId: s.tenant.id,
      companyId: s.companies.northwind,
      psaId: 30_000,
      dueDate: '2026-12-31',
    });
    const second = (
      await apiGet(s, `/api/v1/invoices?limit=10&cursor=${first.next_cursor}`, ada)
    ).json() as Page;
    const seen = [...first.data, ...second.data].map((row) => row.id);
    expect(new Set(seen).size).toBe(20);
    expect(seen).not.toContain(inserted);
    const last = first.data.at(-1);
    const firstOfSecond = second.data[0];
    expect(
      last !== undefined &&
        firstOfSecond !== undefined &&
        `${firstOfSecond.due_date}${firstOfSecond.id}` < `${last.due_date}${last.id}`,
    ).toBe(true);
    await s.ctx.db.deleteFrom('invoices').where('id', '=', inserted).execute();
  });

  it.each([
    ['not base64', '!!!'],
    ['not json', Buffer.from('hello').toString('base64url')],
    ['wrong shape', Buffer.from('[1,2]').toString('base64url')],
    [
      'bad date',
      Buffer.from(JSON.stringify({ d: "2026-01-01' or 1=1", i: 5 })).toString('base64url'),
    ],
    ['negative id', Buffer.from(JSON.stringify({ d: '2026-01-01', i: -1 })).toString('base64url')],
    ['string id', Buffer.from(JSON.stringify({ d: '2026-01-01', i: '5' })).toString('base64url')],
  ])('cursor invalid: %s', async (_name, cursor) => {
    const response = await apiGet(s, `/api/v1/invoices?cursor=${encodeURIComponent(cursor)}`, ada);
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: { code: string } }).error.code).toBe('cursor_invalid');
  });

  it.each([
    ['limit zero', 'limit=0'],
    ['limit over 100', 'limit=101'],
    ['status unknown', 'status=overdue'],
    ['company param', 'company_id=2'],
    ['tenant param', 'tenant_id=2'],
  ])('list query rejected: %s', async (_name, query) => {
    const response = await apiGet(s, `/api/v1/invoices?${query}`, ada);
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it('foreign ids invisible everywhere', async () => {
    const listed = new Set((await allPages('all', 100)).map((row) => row.id));
    for (const id of foreignIds) {
      expect(listed.has(id)).toBe(false);
      for (const path of [`/api/v1/invoices/${id}`, `/api/v1/invoices/${id}/pdf`]) {
        const response = await apiGet(s, path, ada);
        expect(response.statusCode).toBe(404);
        expect((response.json() as { error: { code: string } }).error.code).toBe(
          'invoice_not_found',
        );
      }
    }
  });

  it('guessed ids never leak', async () => {
    const maxId = Math.max(...northwindIds, ...foreignIds) + 5;
    const own = await s.ctx.db
      .selectFrom('invoices')
      .select('id')
      .where('tenant_id', '=', s.tenant.id)
      .where('company_id', '=', s.companies.northwind)
      .execute();
    const ownIds = new Set(own.map((row) => row.id));
    for (let id = 1; id <= maxId; id += 1) {
      const response = await apiGet(s, `/api/v1/invoices/${id}`, ada);
      expect(response.statusCode).toBe(ownIds.has(id) ? 200 : 404);
    }
  });

  it('other tenant session sees only its own', async () => {
    const beta = await s.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { host: 'beta.billfold.example', 'x-forwarded-proto': 'https' },
      payload: {
        launch_token: await (
          await import('../support/fixture.js')
        ).signLaunch(s, { aud: 'https://beta.billfold.example' }),
      },
    });
    expect(beta.statusCode).toBe(201);
    const token = (beta.json() as { access_token: string }).access_token;
    const page = (
      await apiGet(s, '/api/v1/invoices?limit=100', token, 'https://beta.billfold.example')
    ).json() as Page;
    expect(page.data).toHaveLength(5);
    for (const id of northwindIds) {
      expect(
        (await apiGet(s, `/api/v1/invoices/${id}`, token, 'https://beta.billfold.example'))
          .statusCode,
      ).toBe(404);
    }
  });

  async function clearDetails(invoiceId: number): Promise<void> {
    await s.ctx.db.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
    await s.ctx.db.deleteFrom('invoice_payments').where('invoice_id', '=', invoiceId).execute();
  }

  it('detail fetches lines once and caches', async () => {
    manageUp = true;
    manageCalls.length = 0;
    const id = northwindIds[1] ?? 0;
    await clearDetails(id);
    const first = await apiGet(s, `/api/v1/invoices/${id}`, ada);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      id,
      lines: [{ line_no: 1, description: 'Managed services', amount: 11_500 }],
      payments: [{ paid_on: '2026-02-01', amount: 500, method: 'ACH' }],
    });
    expect((first.json() as Record<string, unknown>).lines_unavailable).toBeUndefined();
    await apiGet(s, `/api/v1/invoices/${id}`, ada);
    expect(manageCalls).toEqual([`lines:10001`, `payments:10001`]);
  });

  it('detail degrades when manage is down', async () => {
    manageUp = false;
    const id = northwindIds[2] ?? 0;
    await clearDetails(id);
    const response = await apiGet(s, `/api/v1/invoices/${id}`, ada);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, lines: [], payments: [], lines_unavailable: true });
    manageUp = true;
  });

  it('pdf from manage', async () => {
    manageUp = true;
    const id = northwindIds[3] ?? 0;
    const response = await apiGet(s, `/api/v1/invoices/${id}/pdf`, ada);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="invoice-INV-10003.pdf"',
    );
    expect(response.rawPayload.equals(Buffer.from(MANAGE_PDF))).toBe(true);
  });

  it('pdf rendered when manage is down', async () => {
    manageUp = false;
    const id = northwindIds[4] ?? 0;
    const response = await apiGet(s, `/api/v1/invoices/${id}/pdf`, ada);
    expect(response.statusCode).toBe(200);
    const pdf = await PDFDocument.load(response.rawPayload);
    expect(pdf.getTitle()).toBe('Invoice INV-10004');
    manageUp = true;
  });

  it('pdf needs download permission', async () => {
    const response = await apiGet(s, `/api/v1/invoices/${northwindIds[0]}/pdf`, vera);
    expect(response.statusCode).toBe(403);
    expect((response.json() as { error: { code: string } }).error.code).toBe('permission_denied');
    expect((await apiGet(s, `/api/v1/invoices/${northwindIds[0]}`, vera)).statusCode).toBe(200);
  });

  it.each(['0', '-1', 'abc', '1.5', '99999999999999999999'])(
    'detail id rejected: %s',
    async (id) => {
      const response = await apiGet(s, `/api/v1/invoices/${id}`, ada);
      expect(response.statusCode).toBe(400);
    },
  );
});
