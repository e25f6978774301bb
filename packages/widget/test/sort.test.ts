import { describe, expect, it } from 'vitest';

import type { InvoiceSummary } from '../src/api-types.js';
import { DEFAULT_SORT, nextSort, sortInvoices } from '../src/sort.js';

function invoice(fields: Partial<InvoiceSummary>): InvoiceSummary {
  return {
    id: 1,
    number: 'INV-1',
    date: '2026-01-01',
    due_date: '2026-02-01',
    currency: 'USD',
    total: 100,
    balance: 100,
    status: 'open',
    status_name: 'Sent',
    overdue: false,
    ...fields,
  };
}

const rows = [
  invoice({ id: 1, number: 'INV-9', total: 300, due_date: '2026-03-01' }),
  invoice({ id: 2, number: 'INV-10', total: 100, due_date: '2026-01-01', overdue: true }),
  invoice({ id: 3, number: 'INV-100', total: 200, due_date: '2026-02-01', status: 'paid' }),
];

const ids = (list: InvoiceSummary[]) => list.map((row) => row.id);

describe('sortInvoices', () => {
  it('sorts numbers naturally', () => {
    expect(ids(sortInvoices(rows, { key: 'number', direction: 'ascending' }))).toEqual([1, 2, 3]);
  });

  it('sorts amounts descending', () => {
    expect(ids(sortInvoices(rows, { key: 'total', direction: 'descending' }))).toEqual([1, 3, 2]);
  });

  it('sorts due dates', () => {
    expect(ids(sortInvoices(rows, DEFAULT_SORT))).toEqual([1, 3, 2]);
  });

  it('ranks overdue before open before paid', () => {
    expect(ids(sortInvoices(rows, { key: 'status', direction: 'ascending' }))).toEqual([2, 1, 3]);
  });

  it('groups mixed currencies', () => {
    const mixed = [
      invoice({ id: 1, currency: 'USD', total: 1 }),
      invoice({ id: 2, currency: 'EUR', total: 9 }),
    ];
    expect(ids(sortInvoices(mixed, { key: 'total', direction: 'ascending' }))).toEqual([2, 1]);
  });

  it('keeps equal rows in API order', () => {
    const equal = [invoice({ id: 5 }), invoice({ id: 4 }), invoice({ id: 6 })];
    expect(ids(sortInvoices(equal, { key: 'total', direction: 'descending' }))).toEqual([5, 4, 6]);
  });

  it('leaves the input untouched', () => {
    sortInvoices(rows, { key: 'number', direction: 'descending' });
    expect(ids(rows)).toEqual([1, 2, 3]);
  });
});

describe('nextSort', () => {
  it('flips the same column', () => {
    expect(nextSort(DEFAULT_SORT, 'due_date')).toEqual({ key: 'due_date', direction: 'ascending' });
  });

  it('starts another column ascending', () => {
    const sort = { key: 'total', direction: 'descending' } as const;
    expect(nextSort(sort, 'number')).toEqual({ key: 'number', direction: 'ascending' });
  });
});
