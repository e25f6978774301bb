// Deterministic invoice data in the portal API's JSON shape, for the fixture server.
import type { InvoiceDetail, Me } from '../../src/api-types.js';

/** The data one access token can see, plus what `GET /api/v1/me` returns for it. */
export interface FixtureAccount {
  me: Me;
  invoices: InvoiceDetail[];
}

function isoDate(day: number): string {
  return new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Builds invoice `n`: numbers `INV-1001`, `INV-1002`, …; every third invoice is paid, open
 * invoices due before mid-2026 are overdue. `overrides` replaces any field.
 */
export function buildInvoice(n: number, overrides: Partial<InvoiceDetail> = {}): InvoiceDetail {
  const currency = overrides.currency ?? 'USD';
  const subtotal = 10_000 + ((n * 7_919) % 90_000);
  const salesTax = Math.round(subtotal * 0.08);
  const total = subtotal + salesTax;
  const paid = n % 3 === 0;
  let paymentsTotal = 0;
  if (paid) paymentsTotal = total;
  else if (n % 4 === 0) paymentsTotal = Math.round(total / 2);
  const dateDay = n * 9;
  const dueDate = isoDate(dateDay + 30);

  return {
    id: n,
    number: `INV-${1000 + n}`,
    date: isoDate(dateDay),
    due_date: dueDate,
    currency,
    total,
    balance: total - paymentsTotal,
    status: paid ? 'paid' : 'open',
    status_name: paid ? 'Paid' : 'Sent',
    overdue: !paid && dueDate < '2026-06-15',
    subtotal,
    sales_tax: salesTax,
    payments_total: paymentsTotal,
    credits: 0,
    customer_po: n % 2 === 0 ? `PO-${n}` : null,
    lines: [
      {
        line_no: 1,
        description: 'Managed services',
        quantity: 1,
        unit_price: subtotal - 2_500,
        amount: subtotal - 2_500,
      },
      { line_no: 2, description: 'Backup storage', quantity: 5, unit_price: 500, amount: 2_500 },
    ],
    payments:
      paymentsTotal > 0
        ? [{ paid_on: isoDate(dateDay + 20), amount: paymentsTotal, method: 'ACH' }]
        : [],
    ...overrides,
  };
}

/** Builds an account that can read `count` invoices built by `buildInvoice`. */
export function buildAccount(
  count: number,
  permissions: Partial<Me['permissions']> = {},
): FixtureAccount {
  return {
    me: {
      contact: { id: 7, name: 'Ada Admin', email: 'ada.admin@northwind.example' },
      customer: { id: 3, name: 'Northwind Traders' },
      permissions: { view_invoices: true, download_pdf: true, pay: false, ...permissions },
      session: { expires_at: '2026-12-04T20:00:00.000Z' },
    },
    invoices: Array.from({ length: count }, (_, index) => buildInvoice(index + 1)),
  };
}
