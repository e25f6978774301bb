import {
  cacheInvoiceDetails,
  listInvoiceLines,
  listInvoicePayments,
  type Invoice,
  type InvoiceLine,
  type InvoicePayment,
} from '@billfold/db';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';

/** An invoice's lines and payments, and whether the PSA could not be reached for them. */
export interface InvoiceDetails {
  lines: InvoiceLine[];
  payments: InvoicePayment[];
  unavailable: boolean;
}

/**
 * Reads an invoice's cached lines and payments. When none are cached, fetches them once
 * from the PSA and caches them. When the PSA is unreachable, returns empty lists marked
 * unavailable, so the detail view still shows the invoice itself.
 * NOTE: an invoice that truly has no lines and no payments is asked for on every view.
 */
export async function loadInvoiceDetails(
  ctx: AppContext,
  invoice: Invoice,
  log: FastifyBaseLogger,
): Promise<InvoiceDetails> {
  const lines = await listInvoiceLines(ctx.db, invoice.tenant_id, invoice.id);
  const payments = await listInvoicePayments(ctx.db, invoice.tenant_id, invoice.id);
  if (lines.length > 0 || payments.length > 0) return { lines, payments, unavailable: false };

  try {
    const source = ctx.invoiceSource();
    const fetchedLines = await source.getInvoiceLines(invoice.psa_id);
    const fetchedPayments = await source.getInvoicePayments(invoice.psa_id);
    await cacheInvoiceDetails(ctx.db, invoice.tenant_id, invoice.id, fetchedLines, fetchedPayments);
  } catch (error) {
    log.warn({ err: error, invoiceId: invoice.id }, 'invoice details unavailable from the psa');
    return { lines: [], payments: [], unavailable: true };
  }

  return {
    lines: await listInvoiceLines(ctx.db, invoice.tenant_id, invoice.id),
    payments: await listInvoicePayments(ctx.db, invoice.tenant_id, invoice.id),
    unavailable: false,
  };
}
