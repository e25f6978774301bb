import type { InvoiceLineInput, InvoicePaymentInput } from '@billfold/db';

/** The source of invoice details that sync does not bring: the PSA. */
export interface InvoiceSource {
  getInvoiceLines(psaId: number): Promise<InvoiceLineInput[]>;
  getInvoicePayments(psaId: number): Promise<InvoicePaymentInput[]>;
  /** The PSA's own rendering of the invoice. */
  getInvoicePdf(psaId: number): Promise<Uint8Array>;
}
