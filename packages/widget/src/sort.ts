import type { InvoiceSummary } from './api-types.js';

/** The invoice-list columns that can be sorted. */
export type SortKey = 'number' | 'date' | 'due_date' | 'total' | 'balance' | 'status';

/** The direction values of `aria-sort` that a sorted column takes. */
export type SortDirection = 'ascending' | 'descending';

/** The column and direction the list is sorted by. */
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** The order in which the portal API returns invoices: newest due date first. */
export const DEFAULT_SORT: SortState = { key: 'due_date', direction: 'descending' };

const numberCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareBy(key: SortKey, a: InvoiceSummary, b: InvoiceSummary): number {
  switch (key) {
    case 'number':
      return numberCollator.compare(a.number, b.number);
    case 'date':
    case 'due_date':
      return compareIsoDates(a[key], b[key]);
    case 'total':
    case 'balance':
      // Mixed currencies are grouped by code first, because minor units of two currencies
      // are not comparable.
      return a.currency.localeCompare(b.currency) || a[key] - b[key];
    case 'status':
      return statusRank(a) - statusRank(b);
  }
}

/** Compares `YYYY-MM-DD` strings, which sort correctly as plain code-unit text. */
function compareIsoDates(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;

  return 0;
}

function statusRank(invoice: InvoiceSummary): number {
  if (invoice.status === 'paid') return 2;

  return invoice.overdue ? 0 : 1;
}

/**
 * Returns a new array of the invoices sorted by `sort`. The sort is stable, so rows that
 * compare equal keep the order in which the API returned them.
 */
export function sortInvoices(
  invoices: readonly InvoiceSummary[],
  sort: SortState,
): InvoiceSummary[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;

  return [...invoices].sort((a, b) => sign * compareBy(sort.key, a, b));
}

/**
 * Returns the sort after a click on the header of `key`: the same column flips direction,
 * another column starts ascending.
 */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key !== key) return { key, direction: 'ascending' };

  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
