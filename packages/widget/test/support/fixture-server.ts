// A small HTTP server for the element's browser tests. It serves the built bundle from dist/,
// test pages registered by the tests, and the portal API's JSON from in-memory fixtures. It is
// scaffolding for the element in isolation: the portal's own tests cover the real API.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { widgetDistDir } from '../../src/assets.js';
import type { InvoiceDetail } from '../../src/api-types.js';
import type { FixtureAccount } from './fixtures.js';

/** A request the server received, kept so tests can check headers and URLs. */
export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** What `POST /api/v1/sessions` does with one launch token. */
export type LaunchOutcome =
  | { kind: 'session'; accessToken: string }
  | { kind: 'not-eligible'; reasons: string[] }
  | { kind: 'token-fault'; code: string };

/** A canned failure for requests whose path starts with `pathPrefix`. */
export interface Failure {
  pathPrefix: string;
  status: number;
  code: string;
  times: number;
}

/** The running fixture server. */
export interface FixtureServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  accounts: Map<string, FixtureAccount>;
  launches: Map<string, LaunchOutcome>;
  failures: Failure[];
  setPage(path: string, html: string, headers?: Record<string, string>): void;
  /** Delays requests under `pathPrefix` until the returned function is called. */
  hold(pathPrefix: string): () => void;
  close(): Promise<void>;
}

interface HeldPath {
  pathPrefix: string;
  released: Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string): void {
  sendJson(response, status, { error: { code, message: `Fixture error ${code}.` } });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString('utf8');
}

function summary(invoice: InvoiceDetail) {
  const { id, number, date, due_date, currency, total, balance, status, status_name, overdue } =
    invoice;

  return { id, number, date, due_date, currency, total, balance, status, status_name, overdue };
}

/** Orders like the portal: newest due date first, then highest id. */
function byDueDescending(a: InvoiceDetail, b: InvoiceDetail): number {
  if (a.due_date !== b.due_date) return a.due_date < b.due_date ? 1 : -1;

  return Number(b.id) - Number(a.id);
}

function encodeCursor(invoice: InvoiceDetail): string {
  return Buffer.from(`${invoice.due_date}|${invoice.id}`).toString('base64url');
}

function listPage(account: FixtureAccount, query: URLSearchParams) {
  const status = query.get('status') ?? 'open';
  const limit = Number(query.get('limit') ?? 25);
  const cursor = query.get('cursor');
  let rows = account.invoices
    .filter((invoice) => status === 'all' || invoice.status === status)
    .sort(byDueDescending);

  if (cursor) {
    const [dueDate = '', id = '0'] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    rows = rows.filter(
      (invoice) =>
        invoice.due_date < dueDate ||
        (invoice.due_date === dueDate && Number(invoice.id) < Number(id)),
    );
  }

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = rows.length > limit && last ? encodeCursor(last) : null;

  return { data: page.map(summary), next_cursor: next };
}

/** Starts the fixture server on 127.0.0.1 at a free port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const heldPaths: HeldPath[] = [];
  const state = {
    requests: [] as RecordedRequest[],
    accounts: new Map<string, FixtureAccount>(),
    launches: new Map<string, LaunchOutcome>(),
    failures: [] as Failure[],
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'fixture_crashed');
      console.error(error);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fixture.invalid');
    const path = url.pathname;
    state.requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '',
      authorization: request.headers.authorization,
    });

    const held = heldPaths.find((entry) => path.startsWith(entry.pathPrefix));
    if (held) await held.released;

    const failure = state.failures.find(
      (entry) => path.startsWith(entry.pathPrefix) && entry.times > 0,
    );
    if (failure) {
      failure.times -= 1;
      sendError(response, failure.status, failure.code);
      return;
    }

    if (path === '/widget.js' || /^\/widget-[0-9a-f]+\.js$/.test(path)) {
      const file = await readFile(join(widgetDistDir, path.slice(1)));
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(file);
      return;
    }

    const page = pages.get(path);
    if (page !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
      response.end(page.html);
      return;
    }

    if (path.startsWith('/api/v1/')) {
      await handleApi(request, response, path, url.searchParams);
      return;
    }

    sendError(response, 404, 'not_found');
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (request.method === 'POST' && path === '/api/v1/sessions') {
      const body = JSON.parse(await readBody(request)) as { launch_token?: string };
      const outcome = state.launches.get(body.launch_token ?? '');

      if (!outcome) return sendError(response, 401, 'token_malformed');
      if (outcome.kind === 'token-fault') return sendError(response, 401, outcome.code);
      if (outcome.kind === 'not-eligible') {
        sendJson(response, 403, {
          error: { code: 'not_eligible', message: 'Not eligible.' },
          reasons: outcome.reasons,
        });
        return;
      }

      const account = state.accounts.get(outcome.accessToken);
      sendJson(response, 201, {
        access_token: outcome.accessToken,
        expires_at: '2026-12-04T20:00:00.000Z',
        contact: account?.me.contact,
        customer: account?.me.customer,
      });
      return;
    }

    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const account = state.accounts.get(token);
    if (!account) return sendError(response, 401, 'session_invalid');

    if (path === '/api/v1/me') return sendJson(response, 200, account.me);

    if (path === '/api/v1/invoices') return sendJson(response, 200, listPage(account, query));

    const match = /^\/api\/v1\/invoices\/([^/]+)(\/pdf)?$/.exec(path);
    const invoice = account.invoices.find((entry) => String(entry.id) === match?.[1]);
    if (!match || !invoice) return sendError(response, 404, 'invoice_not_found');

    if (match[2]) {
      response.writeHead(200, { 'content-type': 'application/pdf' });
      response.end(`%PDF-1.4\n% fixture ${invoice.number}\n%%EOF\n`);
      return;
    }

    sendJson(response, 200, invoice);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    ...state,
    setPage: (path, html, headers = {}) => pages.set(path, { html, headers }),
    hold(pathPrefix) {
      let release = () => undefined as void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const entry = { pathPrefix, released };
      heldPaths.push(entry);

      return () => {
        heldPaths.splice(heldPaths.indexOf(entry), 1);
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
