import type { IncomingMessage } from 'node:http';
import type { ManageCompany, ManageContact, ManageInvoice } from '../src/index.js';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from './scripted-server.js';

// A small Manage stand-in for sync tests, serving records from memory. It understands only
// the conditions the sync sends (cursor, `id > n`, `id = a or id = b`) and answers 400 to
// anything else, so a change in what the sync sends fails loudly.

type Row = { id: number; _info?: { lastUpdated?: string } };

/** The records a fake Manage serves, editable between syncs. */
export interface FakeManageData {
  companies: ManageCompany[];
  contacts: ManageContact[];
  invoices: ManageInvoice[];
}

/** A running fake Manage site. */
export interface FakeManage extends ScriptedServer {
  data: FakeManageData;
  /** Replies to return before the normal one, for fault injection. */
  faults: ScriptedReply[];
}

const PATHS: Record<string, keyof FakeManageData> = {
  'company/companies': 'companies',
  'company/contacts': 'contacts',
  'finance/invoices': 'invoices',
};

const BASE = '/v4_6_release/apis/3.0/';

/** Starts a fake Manage on a random loopback port. */
export async function startFakeManage(data: FakeManageData): Promise<FakeManage> {
  const faults: ScriptedReply[] = [];
  const server = await startScriptedServer((request) => faults.shift() ?? reply(data, request));
  return { ...server, data, faults };
}

function reply(data: FakeManageData, request: IncomingMessage): ScriptedReply {
  const url = new URL(request.url ?? '', 'http://fake');
  const path = url.pathname.slice(BASE.length);
  const isCount = path.endsWith('/count');
  const entity = PATHS[isCount ? path.slice(0, -'/count'.length) : path];
  if (entity === undefined) return { status: 404, body: { code: 'NotFound' } };

  const filter = parseFilter(url.searchParams.get('conditions'));
  if (filter === null) return { status: 400, body: { code: 'InvalidObject' } };
  const rows = (data[entity] as Row[]).filter(filter);
  if (isCount) return { status: 200, body: { count: rows.length } };

  const byTime = url.searchParams.get('orderBy')?.startsWith('_info/lastUpdated') ?? false;
  rows.sort((a, b) => (byTime ? updated(a) - updated(b) : 0) || a.id - b.id);
  const page = Number(url.searchParams.get('page') ?? 1);
  const size = Number(url.searchParams.get('pageSize') ?? 25);
  const items = rows.slice((page - 1) * size, page * size);
  const hasNext = page * size < rows.length;
  const headers: Record<string, string> = hasNext
    ? { link: `<${url.pathname}?page=${page + 1}>; rel="next"` }
    : {};
  return { status: 200, body: items, headers };
}

function updated(row: Row): number {
  return Date.parse(row._info?.lastUpdated ?? '1970-01-01T00:00:00Z');
}

function parseFilter(conditions: string | null): ((row: Row) => boolean) | null {
  if (conditions === null) return () => true;
  const cursor = /^\(lastUpdated > \[(.+?)\]\) or \(lastUpdated = \[(.+?)\] and id > (\d+)\)$/.exec(
    conditions,
  );
  if (cursor !== null) {
    const time = Date.parse(cursor[1]!);
    const id = Number(cursor[3]);
    return (row) => updated(row) > time || (updated(row) === time && row.id > id);
  }
  const after = /^id > (-?\d+)$/.exec(conditions);
  if (after !== null) return (row) => row.id > Number(after[1]);
  if (/^id = \d+( or id = \d+)*$/.test(conditions)) {
    const ids = new Set(conditions.match(/\d+/g)!.map(Number));
    return (row) => ids.has(row.id);
  }
  return null;
}

/** Builds a deterministic data set of the given sizes. */
export function generateData(sizes: {
  companies: number;
  contacts: number;
  invoices: number;
}): FakeManageData {
  const at = (n: number) =>
    new Date(Date.UTC(2026, 0, 1) + (n % 5000) * 1000).toISOString().replace('.000Z', 'Z');
  const companies = Array.from({ length: sizes.companies }, (_, i): ManageCompany => ({
    id: 100 + i,
    identifier: `Company${i}`,
    name: `Company ${i}`,
    status: { id: 1, name: 'Active' },
    currency: { currencyCode: 'USD' },
    deletedFlag: false,
    _info: { lastUpdated: at(i * 7) },
  }));
  const contacts = Array.from({ length: sizes.contacts }, (_, i): ManageContact => ({
    id: 1000 + i,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    company: { id: 100 + (i % sizes.companies) },
    inactiveFlag: i % 11 === 0,
    defaultBillingFlag: i % 3 === 0,
    portalSecurityLevel: 1 + (i % 6),
    communicationItems: [
      { value: `Person${i}@Example.com`, communicationType: 'Email', defaultFlag: true },
    ],
    _info: { lastUpdated: at(i * 3) },
  }));
  const invoices = Array.from({ length: sizes.invoices }, (_, i): ManageInvoice => ({
    id: 50_000 + i,
    invoiceNumber: `INV-${i}`,
    type: 'Standard',
    status: { id: 1, name: i % 4 === 0 ? 'Paid' : 'Sent', isClosed: i % 4 === 0 },
    company: { id: 100 + (i % sizes.companies) },
    date: '2026-10-01T00:00:00Z',
    dueDate: '2026-10-31T00:00:00Z',
    currency: { currencyCode: 'USD' },
    subtotal: 100 + i / 100,
    salesTax: 8.25,
    total: 108.25 + i / 100,
    payments: 0,
    credits: 0,
    balance: 108.25 + i / 100,
    customerPO: null,
    _info: { lastUpdated: at(i) },
  }));
  return { companies, contacts, invoices };
}
