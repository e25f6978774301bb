import { afterEach, describe, expect, it } from 'vitest';
import { ManageApiError, ManageClient, hasNextLink, parseRetryAfter } from '../src/index.js';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from './scripted-server.js';

const connection = {
  companyId: 'acme',
  publicKey: 'pub-key-1',
  privateKey: 'secret-private-key',
  clientId: '00000000-0000-4000-8000-000000000001',
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(replies: ScriptedReply[], options: { maxRetries?: number } = {}) {
  server = await startScriptedServer(replies);
  const sleeps: number[] = [];
  const client = new ManageClient(
    { ...connection, url: server.url },
    { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...options },
  );
  return { client, sleeps, server };
}

describe('ManageClient', () => {
  it('sends auth, clientId and paging', async () => {
    const { client, server } = await clientFor([
      { status: 200, body: [{ id: 1 }], headers: { link: '<http://x/?page=2>; rel="next"' } },
    ]);
    const page = await client.list('company/companies', {
      conditions: 'id > 0',
      orderBy: 'id asc',
    });

    expect(page).toEqual({ items: [{ id: 1 }], hasNext: true });
    const request = server.requests[0]!;
    const url = new URL(request.url, server.url);
    expect(url.pathname).toBe('/v4_6_release/apis/3.0/company/companies');
    expect(url.searchParams.get('conditions')).toBe('id > 0');
    expect(url.searchParams.get('pageSize')).toBe('1000');
    expect(url.searchParams.get('page')).toBe('1');
    const expected = Buffer.from('acme+pub-key-1:secret-private-key').toString('base64');
    expect(request.headers.authorization).toBe(`Basic ${expected}`);
    expect(request.headers.clientid).toBe(connection.clientId);
  });

  it('honours Retry-After seconds on 429', async () => {
    const { client, sleeps } = await clientFor([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 200, body: [] },
    ]);
    await client.list('finance/invoices');
    expect(sleeps).toEqual([7000]);
  });

  it('honours Retry-After dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('retries 5xx with growing backoff', async () => {
    const { client, sleeps, server } = await clientFor([
      { status: 503 },
      { status: 500 },
      { status: 502 },
      { status: 200, body: [] },
    ]);
    await client.list('company/contacts');
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up after maxRetries', async () => {
    const { client, server } = await clientFor([{ status: 500 }], { maxRetries: 2 });
    const error = await client.list('company/contacts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManageApiError);
    expect((error as ManageApiError).code).toBe('manage_server_error');
    expect(server.requests).toHaveLength(3);
  });

  it('never retries other 4xx', async () => {
    for (const [status, code] of [
      [400, 'manage_bad_request'],
      [401, 'manage_unauthorized'],
      [403, 'manage_forbidden'],
      [404, 'manage_not_found'],
    ] as const) {
      const { client, sleeps, server } = await clientFor([{ status }, { status: 200, body: [] }]);
      const error = (await client.list('x').catch((e: unknown) => e)) as ManageApiError;
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(false);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      await server.close();
    }
  });

  it('keeps keys out of messages', async () => {
    const { client } = await clientFor([{ status: 401 }]);
    const error = (await client.list('x').catch((e: unknown) => e)) as ManageApiError;
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('secret-private-key');
    expect(error.message).not.toContain('pub-key-1');
    expect(error.message).not.toContain(
      Buffer.from('acme+pub-key-1:secret-private-key').toString('base64'),
    );
  });

  it('retries network errors', async () => {
    const sleeps: number[] = [];
    const client = new ManageClient(
      { ...connection, url: 'http://127.0.0.1:9' },
      { sleep: async (ms) => void sleeps.push(ms), maxRetries: 2, random: () => 0 },
    );
    const error = (await client.list('x').catch((e: unknown) => e)) as ManageApiError;
    expect(error.code).toBe('manage_network_error');
    expect(sleeps).toHaveLength(2);
  });

  it('times out slow requests', async () => {
    server = await startScriptedServer([{ status: 200, body: [] }]);
    const slow = await startSlowServer();
    const client = new ManageClient(
      { ...connection, url: slow.url },
      { timeoutMs: 50, maxRetries: 1, sleep: async () => undefined },
    );
    const error = (await client.list('x').catch((e: unknown) => e)) as ManageApiError;
    expect(error.code).toBe('manage_timeout');
    expect(error.retryable).toBe(true);
    await slow.close();
  });

  it('reads counts, payments, lines and PDFs', async () => {
    const pdf = Buffer.from('%PDF-1.4 test');
    server = await startScriptedServer((request): ScriptedReply => {
      const url = request.url ?? '';
      if (url.includes('/count')) return { status: 200, body: { count: 42 } };
      if (url.includes('/payments')) return { status: 200, body: [{ id: 1, amount: 5 }] };
      if (url.includes('/pdf'))
        return { status: 200, body: pdf, headers: { 'content-type': 'application/pdf' } };
      const page = new URL(url, 'http://x').searchParams.get('page');
      return page === '1'
        ? { status: 200, body: [{ id: 1 }], headers: { link: '<http://x/?page=2>; rel="next"' } }
        : { status: 200, body: [{ id: 2 }] };
    });
    const client = new ManageClient({ ...connection, url: server.url });

    expect(await client.count('finance/invoices', 'id > 1')).toBe(42);
    expect(await client.getInvoicePayments(9)).toEqual([{ id: 1, amount: 5 }]);
    expect((await client.getInvoiceLines(9)).map((line) => line.id)).toEqual([1, 2]);
    expect(Buffer.from(await client.getInvoicePdf(9)).toString()).toBe('%PDF-1.4 test');
    expect(server.requests.some((r) => r.url.includes('conditions=invoice%2Fid%3D9'))).toBe(true);
  });

  it('parses Link headers', () => {
    expect(hasNextLink('<a>; rel="first", <b>; rel="next"')).toBe(true);
    expect(hasNextLink('<a>; rel="prev"')).toBe(false);
    expect(hasNextLink(null)).toBe(false);
  });
});

async function startSlowServer() {
  const { createServer } = await import('node:http');
  const slow = createServer(() => undefined);
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const address = slow.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => {
      slow.closeAllConnections();
      return new Promise<void>((resolve) => slow.close(() => resolve()));
    },
  };
}
