import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltManageSim } from '../src/index.js';
import { AUTH_HEADERS, apiGet, buildSmallSim } from './helpers.js';

interface Row {
  id: number;
  company?: { id: number };
  deletedFlag?: boolean;
  inactiveFlag?: boolean;
  _info: { lastUpdated: string };
}

function linksOf(header: unknown): Record<string, URL> {
  const links: Record<string, URL> = {};
  for (const match of String(header ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)) {
    links[match[2] as string] = new URL(match[1] as string);
  }
  return links;
}

describe('rest api', () => {
  let sim: BuiltManageSim;
  beforeAll(async () => {
    sim = await buildSmallSim();
  });
  afterAll(() => sim.app.close());

  const get = (path: string) => apiGet(sim, path);
  const rows = async (path: string) => (await get(path)).json() as Row[];
  const conditions = (text: string) => encodeURIComponent(text);

  describe('auth', () => {
    it('rejects a missing Authorization header', async () => {
      const response = await sim.app.inject({
        url: '/v4_6_release/apis/3.0/company/companies',
        headers: { clientid: AUTH_HEADERS.clientid },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('Unauthorized');
    });

    it('rejects a wrong private key', async () => {
      const authorization = `Basic ${Buffer.from('billfold_demo+demo-public-key:nope').toString('base64')}`;
      const response = await sim.app.inject({
        url: '/v4_6_release/apis/3.0/company/companies',
        headers: { ...AUTH_HEADERS, authorization },
      });
      expect(response.statusCode).toBe(401);
    });

    it('rejects a missing clientId', async () => {
      const response = await sim.app.inject({
        url: '/v4_6_release/apis/3.0/company/companies',
        headers: { authorization: AUTH_HEADERS.authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toContain('clientId');
    });

    it('rejects an unknown clientId', async () => {
      const response = await sim.app.inject({
        url: '/v4_6_release/apis/3.0/company/companies',
        headers: { ...AUTH_HEADERS, clientid: 'other' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().message).toContain('clientId');
    });
  });

  describe('paging', () => {
    it('sends next and last links on the first page', async () => {
      const response = await get('finance/invoices?pageSize=100');
      const links = linksOf(response.headers.link);
      expect(response.json()).toHaveLength(100);
      expect(links.next?.searchParams.get('page')).toBe('2');
      expect(links.next?.searchParams.get('pageSize')).toBe('100');
      expect(links.last?.searchParams.get('page')).toBe('4');
      expect(Object.keys(links).sort()).toEqual(['last', 'next']);
    });

    it('sends first and prev links on the last page', async () => {
      const response = await get('finance/invoices?pageSize=100&page=4');
      const links = linksOf(response.headers.link);
      expect(response.json()).toHaveLength(342 - 300);
      expect(links.first?.searchParams.get('page')).toBe('1');
      expect(links.prev?.searchParams.get('page')).toBe('3');
      expect(Object.keys(links).sort()).toEqual(['first', 'prev']);
    });

    it('follows its own next link', async () => {
      const first = await get(
        `finance/invoices?pageSize=5&conditions=${conditions('company/id = 1 and id > 3')}`,
      );
      const next = linksOf(first.headers.link).next as URL;
      const response = await sim.app.inject({
        url: `${next.pathname}${next.search}`,
        headers: AUTH_HEADERS,
      });
      const ids = (response.json() as Row[]).map((row) => row.id);
      expect(response.statusCode).toBe(200);
      expect(ids).toEqual([9, 10, 11, 12, 13]);
    });

    it('keeps conditions in the links', async () => {
      const response = await get(
        `finance/invoices?pageSize=5&conditions=${conditions('company/id = 1')}`,
      );
      expect(String(response.headers.link)).toContain('conditions=company%2Fid');
    });

    it('caps pageSize at 1000', async () => {
      const response = await get('finance/invoices?pageSize=5000');
      expect(response.json()).toHaveLength(342);
      const many = await buildSmallSim({ invoices: 1500 });
      expect((await apiGet(many, 'finance/invoices?pageSize=5000')).json()).toHaveLength(1000);
      await many.app.close();
    });

    it('counts every list', async () => {
      expect((await get('finance/invoices/count')).json()).toEqual({ count: 342 });
      expect((await get('company/companies/count')).json()).toEqual({ count: 13 });
      expect((await get('company/contacts/count')).json()).toEqual({ count: 46 });
    });

    it('rejects page 0', async () => {
      expect((await get('company/companies?page=0')).statusCode).toBe(400);
    });
  });

  describe('conditions', () => {
    it('compares ids', async () => {
      expect(
        (await rows(`finance/invoices?pageSize=1000&conditions=${conditions('id > 300')}`)).map(
          (row) => row.id,
        )[0],
      ).toBe(301);
      expect(await rows(`finance/invoices?conditions=${conditions('id = 7')}`)).toHaveLength(1);
      expect(
        await rows(`finance/invoices?pageSize=1000&conditions=${conditions('id != 7')}`),
      ).toHaveLength(341);
      expect(await rows(`finance/invoices?conditions=${conditions('id <= 3')}`)).toHaveLength(3);
      expect(await rows(`finance/invoices?conditions=${conditions('id < 3')}`)).toHaveLength(2);
      expect(
        await rows(`finance/invoices?pageSize=1000&conditions=${conditions('id >= 340')}`),
      ).toHaveLength(3);
    });

    it('filters on company/id', async () => {
      const found = await rows(
        `finance/invoices?pageSize=1000&conditions=${conditions('company/id = 2')}`,
      );
      expect(found).toHaveLength(14);
      expect(found.every((row) => row.company?.id === 2)).toBe(true);
    });

    it('filters on lastUpdated and _info/lastUpdated', async () => {
      const all = await rows('finance/invoices?pageSize=1000');
      const cutoff = '2026-11-01T00:00:00Z';
      const expected = all.filter((row) => row._info.lastUpdated > cutoff).length;
      expect(expected).toBeGreaterThan(0);
      expect(
        await rows(
          `finance/invoices?pageSize=1000&conditions=${conditions(`lastUpdated > [${cutoff}]`)}`,
        ),
      ).toHaveLength(expected);
      expect(
        await rows(
          `finance/invoices?pageSize=1000&conditions=${conditions(`_info/lastUpdated > [${cutoff}]`)}`,
        ),
      ).toHaveLength(expected);
    });

    it('filters on flags', async () => {
      const deleted = await rows(
        `company/companies?conditions=${conditions('deletedFlag = true')}`,
      );
      expect(deleted.every((row) => row.deletedFlag === true)).toBe(true);
      const active = await rows(
        `company/contacts?pageSize=1000&conditions=${conditions('inactiveFlag = false')}`,
      );
      expect(active.every((row) => row.inactiveFlag === false)).toBe(true);
    });

    it('joins with and, or and parentheses in any case', async () => {
      const found = await rows(
        `finance/invoices?conditions=${conditions('(id = 1 OR id = 2) and (company/id = 1 Or id = 20)')}`,
      );
      expect(found.map((row) => row.id)).toEqual([1, 2]);
    });

    it.each([
      'id >',
      'nonsense = 1',
      'id = [not-a-date]',
      '(id = 1',
      'id = 1 xor id = 2',
      'deletedFlag = maybe',
      'lastUpdated > 5',
    ])('rejects %s with 400', async (text) => {
      const response = await get(`finance/invoices?conditions=${conditions(text)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('InvalidObject');
    });
  });

  describe('order', () => {
    it('orders by id desc', async () => {
      expect(
        (await rows('finance/invoices?orderBy=id%20desc&pageSize=2')).map((row) => row.id),
      ).toEqual([342, 341]);
    });

    it('orders by lastUpdated then id', async () => {
      const found = await rows('finance/invoices?orderBy=_info/lastUpdated%20asc&pageSize=1000');
      const keys = found.map(
        (row) => `${row._info.lastUpdated}:${String(row.id).padStart(6, '0')}`,
      );
      expect(keys).toEqual([...keys].sort());
    });

    it('rejects an unknown order', async () => {
      expect((await get('finance/invoices?orderBy=total%20asc')).statusCode).toBe(400);
    });
  });

  describe('invoices', () => {
    it('adds up money', async () => {
      const invoice = (await get('finance/invoices/20')).json();
      expect(invoice.balance).toBeCloseTo(invoice.total - invoice.payments - invoice.credits, 2);
      expect(invoice.dueDate).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
      const products = (await get('procurement/products?conditions=invoice/id=20')).json() as {
        extendedPrice: number;
        invoice: { id: number };
      }[];
      const sum = products.reduce((total, product) => total + product.extendedPrice, 0);
      expect(sum).toBeCloseTo(invoice.subtotal, 2);
      expect(products.every((product) => product.invoice.id === 20)).toBe(true);
    });

    it('lists payments that add up', async () => {
      const paid = (await rows('finance/invoices?pageSize=1000')).find(
        (row) => (row as unknown as { payments: number }).payments > 0,
      ) as unknown as { id: number; payments: number };
      const payments = (await get(`finance/invoices/${paid.id}/payments`)).json() as {
        amount: number;
      }[];
      expect(payments.reduce((total, payment) => total + payment.amount, 0)).toBeCloseTo(
        paid.payments,
        2,
      );
    });

    it('serves a PDF', async () => {
      const response = await get('finance/invoices/3/pdf');
      expect(response.headers['content-type']).toBe('application/pdf');
      const text = response.rawPayload.toString('latin1');
      expect(text.startsWith('%PDF-1.4')).toBe(true);
      expect(text).toContain('INV-100003');
      expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
      const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
      expect(text.slice(xref, xref + 4)).toBe('xref');
    });

    it('answers 404 for an unknown invoice', async () => {
      expect((await get('finance/invoices/99999')).statusCode).toBe(404);
    });

    it('requires invoice/id for products', async () => {
      expect((await get('procurement/products')).statusCode).toBe(400);
    });
  });
});

describe('limits and faults', () => {
  it('answers 429 with Retry-After past the rate limit', async () => {
    const sim = await buildSmallSim({ rateLimitPerSecond: 2 });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 4; i += 1) {
      const response = await apiGet(sim, 'company/companies');
      statuses.push(response.statusCode);
      if (response.statusCode === 429) retryAfter = String(response.headers['retry-after']);
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    await sim.app.close();
  });

  it('injects 503 faults', async () => {
    const sim = await buildSmallSim({ faults: { status5xxRate: 1 } });
    expect((await apiGet(sim, 'company/companies')).statusCode).toBe(503);
    await sim.app.close();
  });
});
