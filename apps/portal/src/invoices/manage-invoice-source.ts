import { ManageClient, toIsoDate, toMinorUnits } from '@billfold/psa-connectwise';
import type { InvoiceLineInput, InvoicePaymentInput } from '@billfold/db';
import type { ManageConfig } from '../config.js';
import type { InvoiceSource } from './invoice-source.js';

// A contact is waiting on these calls, so they fail fast and the view falls back
// (lines_unavailable, or a locally rendered PDF) instead of retrying for minutes as sync does.
const INTERACTIVE_TIMEOUT_MS = 10_000;
const INTERACTIVE_RETRIES = 1;

/**
 * Builds an {@link InvoiceSource} that reads from the Manage site in `config` through
 * the REST client: `procurement/products` lines, `finance/invoices/{id}/payments` and
 * `finance/invoices/{id}/pdf`.
 */
export function createManageInvoiceSource(
  config: ManageConfig,
  fetchImpl: typeof fetch = globalThis.fetch,
): InvoiceSource {
  const client = new ManageClient(config, {
    fetch: fetchImpl,
    timeoutMs: INTERACTIVE_TIMEOUT_MS,
    maxRetries: INTERACTIVE_RETRIES,
    baseDelayMs: 200,
    maxDelayMs: 2_000,
  });

  return {
    getInvoiceLines: async (psaId) => {
      const products = await client.getInvoiceLines(psaId);
      return products.map((product, index): InvoiceLineInput => {
        const quantity = product.quantity ?? 1;
        const unitPrice = toMinorUnits(product.price);
        return {
          line_no: index + 1,
          description: product.description ?? '',
          quantity,
          unit_price: unitPrice,
          amount:
            product.extendedPrice === undefined
              ? Math.round(unitPrice * quantity)
              : toMinorUnits(product.extendedPrice),
        };
      });
    },
    getInvoicePayments: async (psaId) => {
      const payments = await client.getInvoicePayments(psaId);
      return payments.map((payment): InvoicePaymentInput => ({
        psa_id: payment.id,
        paid_on: toIsoDate(payment.paymentDate),
        amount: toMinorUnits(payment.amount),
        method: payment.type ?? null,
      }));
    },
    getInvoicePdf: async (psaId) => {
      const body = await client.getInvoicePdf(psaId);
      if (!isPdf(body)) throw new Error(`Manage did not return a PDF for invoice ${psaId}.`);
      return body;
    },
  };
}

// Every PDF file starts with "%PDF-"; anything else (an HTML error page) is rejected.
function isPdf(body: Uint8Array): boolean {
  return Buffer.from(body.subarray(0, 5)).toString('latin1') === '%PDF-';
}
