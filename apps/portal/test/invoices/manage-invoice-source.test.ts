import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MANAGE } from '../../src/config.js';
import { createManageInvoiceSource } from '../../src/invoices/manage-invoice-source.js';

// A loopback stand-in for the three Manage endpoints the source calls.
let pdfReply: { status: number; body: Buffer } = { status: 200, body: Buffer.from('%PDF-1.7') };
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];

function route(url: string): { status: number; type: string; body: Buffer | string } {
  if (url.includes('/finance/invoices/4242/pdf')) {
    return { status: pdfReply.status, type: 'application/pdf', body: pdfReply.body };
  }
  if (url.includes('/finance/invoices/4242/payments')) {
    const payments = [{ id: 9, type: 'Check', amount: 12.5, paymentDate: '2026-02-03T00:00:00Z' }];
    return { status: 200, type: 'application/json', body: JSON.stringify(payments) };
  }
  if (url.includes('/procurement/products')) {
    const products = [
      { id: 1, description: 'Managed services', quantity: 2, price: 50, extendedPrice: 100 },
      { id: 2, description: 'Backup', price: 9.99 },
    ];
    return { status: 200, type: 'application/json', body: JSON.stringify(products) };
  }
  return { status: 404, type: 'application/json', body: '{}' };
}

describe('manage invoice source', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push({ url: request.url ?? '', headers: request.headers });
      const answer = route(request.url ?? '');
      response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  const source = () => createManageInvoiceSource({ ...DEMO_MANAGE, url });

  it('lines mapped to minor units', async () => {
    const lines = await source().getInvoiceLines(4242);
    expect(lines).toEqual([
      {
        line_no: 1,
        description: 'Managed services',
        quantity: 2,
        unit_price: 5000,
        amount: 10_000,
      },
      { line_no: 2, description: 'Backup', quantity: 1, unit_price: 999, amount: 999 },
    ]);
    const last = requests.at(-1);
    expect(decodeURIComponent(last?.url ?? '')).toContain('conditions=invoice/id=4242');
    const expected = Buffer.from('billfold_demo+demo-public-key:demo-private-key');
    expect(last?.headers.authorization).toBe(`Basic ${expected.toString('base64')}`);
    expect(last?.headers.clientid).toBe(DEMO_MANAGE.clientId);
  });

  it('payments mapped', async () => {
    const payments = await source().getInvoicePayments(4242);
    expect(payments).toEqual([{ psa_id: 9, paid_on: '2026-02-03', amount: 1250, method: 'Check' }]);
  });

  it('pdf returned', async () => {
    pdfReply = { status: 200, body: Buffer.from('%PDF-1.7 invoice') };
    const pdf = await source().getInvoicePdf(4242);
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 invoice');
  });

  it('pdf not a pdf rejected', async () => {
    pdfReply = { status: 200, body: Buffer.from('<html>login</html>') };
    await expect(source().getInvoicePdf(4242)).rejects.toThrow(/did not return a PDF/);
  });

  it('pdf error status rejected', async () => {
    pdfReply = { status: 404, body: Buffer.from('') };
    await expect(source().getInvoicePdf(4242)).rejects.toThrow();
  });
});
