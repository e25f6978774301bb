import type { Invoice, InvoiceLine, InvoiceListRow, InvoicePayment } from '@billfold/db';

/** An invoice as the list shows it; amounts in minor units of `currency`. */
export interface InvoiceSummary {
  id: number;
  number: string;
  date: string;
  due_date: string;
  currency: string;
  total: number;
  balance: number;
  status: 'open' | 'paid';
  status_name: string;
  overdue: boolean;
}

/** Converts a list row; `today` is `YYYY-MM-DD` in UTC. */
export function toSummary(row: InvoiceListRow, today: string): InvoiceSummary {
  const open = row.is_closed !== 1;
  return {
    id: row.id,
    number: row.invoice_number,
    date: row.invoice_date,
    due_date: row.due_date,
    currency: row.currency,
    total: row.total,
    balance: row.balance,
    status: open ? 'open' : 'paid',
    status_name: row.status_name,
    overdue: open && row.balance > 0 && row.due_date < today,
  };
}

/** Converts an invoice with its lines and payments for the detail view. */
export function toDetail(
  invoice: Invoice,
  lines: readonly InvoiceLine[],
  payments: readonly InvoicePayment[],
  today: string,
  linesUnavailable: boolean,
) {
  return {
    ...toSummary(invoice, today),
    subtotal: invoice.subtotal,
    sales_tax: invoice.sales_tax,
    payments_total: invoice.payments,
    credits: invoice.credits,
    customer_po: invoice.customer_po,
    lines: lines.map((line) => ({
      line_no: line.line_no,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unit_price,
      amount: line.amount,
    })),
    payments: payments.map((payment) => ({
      paid_on: payment.paid_on,
      amount: payment.amount,
      method: payment.method,
    })),
    ...(linesUnavailable ? { lines_unavailable: true } : {}),
  };
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
