import type {
  CompanyUpsert,
  ContactUpsert,
  InvoiceLineInput,
  InvoicePaymentInput,
} from '@billfold/db';
import { normalizeEmail } from '@billfold/eligibility';
import type {
  ManageCommunicationItem,
  ManageCompany,
  ManageContact,
  ManageInvoice,
  ManagePayment,
  ManageProduct,
} from './types.js';

/** An invoice mapped for Billfold, still keyed by the PSA company id. */
export interface MappedInvoice {
  psa_id: number;
  psa_company_id: number;
  invoice_number: string;
  type: string;
  status_name: string;
  is_closed: 0 | 1;
  invoice_date: string;
  due_date: string;
  currency: string;
  subtotal: number;
  sales_tax: number;
  total: number;
  payments: number;
  credits: number;
  balance: number;
  customer_po: string | null;
  deleted: 0 | 1;
  psa_updated_at: number;
}

/** The currency assumed when Manage sends an invoice without one. */
export const FALLBACK_CURRENCY = 'USD';

/** Converts a decimal amount to integer minor units (cents), rounding half away from zero. */
export function toMinorUnits(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  return Math.sign(value) * Math.round(Math.abs(value) * 100) || 0;
}

/** Converts a Manage timestamp (`2026-11-30T00:00:00Z`) to the `YYYY-MM-DD` date it names. */
export function toIsoDate(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const match = /^\d{4}-\d{2}-\d{2}/.exec(value);
  if (match !== null) return match[0];
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? '' : new Date(parsed).toISOString().slice(0, 10);
}

/** Converts `_info.lastUpdated` to epoch milliseconds; 0 when absent or unreadable. */
export function toEpochMs(value: string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? 0 : parsed;
}

const flag = (value: boolean | undefined): 0 | 1 => (value === true ? 1 : 0);

/** Maps a Manage company to a Billfold company row; `deletedFlag` becomes `deleted = 1`. */
export function mapCompany(company: ManageCompany): CompanyUpsert {
  return {
    psa_id: company.id,
    identifier: company.identifier ?? '',
    name: company.name ?? '',
    status: company.status?.name ?? null,
    currency: company.currency?.currencyCode ?? null,
    deleted: flag(company.deletedFlag),
    psa_updated_at: toEpochMs(company._info?.lastUpdated),
  };
}

function isEmail(item: ManageCommunicationItem): boolean {
  return item.communicationType === 'Email' || item.type?.name === 'Email';
}

/** Picks a contact's email: the default Email item, else the first Email item, else null. */
export function pickEmail(items: readonly ManageCommunicationItem[] | undefined): string | null {
  const emails = (items ?? []).filter((item) => isEmail(item) && item.value.trim() !== '');
  const chosen = emails.find((item) => item.defaultFlag === true) ?? emails[0];
  return chosen?.value ?? null;
}

/** Maps a Manage contact to a Billfold contact row, with its email as typed and normalized. */
export function mapContact(contact: ManageContact): ContactUpsert {
  const email = pickEmail(contact.communicationItems);
  const level = contact.portalSecurityLevel;
  return {
    psa_id: contact.id,
    psa_company_id: contact.company?.id ?? null,
    first_name: contact.firstName ?? '',
    last_name: contact.lastName ?? '',
    email,
    email_normalized: email === null ? null : normalizeEmail(email),
    inactive: flag(contact.inactiveFlag),
    default_billing: flag(contact.defaultBillingFlag),
    portal_security_level: level === null || level === undefined ? null : String(level),
    deleted: 0,
    psa_updated_at: toEpochMs(contact._info?.lastUpdated),
  };
}

/** Maps a Manage invoice to a Billfold invoice row; money in minor units, dates `YYYY-MM-DD`. */
export function mapInvoice(invoice: ManageInvoice): MappedInvoice {
  return {
    psa_id: invoice.id,
    psa_company_id: invoice.company.id,
    invoice_number: invoice.invoiceNumber,
    type: invoice.type ?? '',
    status_name: invoice.status?.name ?? '',
    is_closed: flag(invoice.status?.isClosed),
    invoice_date: toIsoDate(invoice.date),
    due_date: toIsoDate(invoice.dueDate ?? invoice.date),
    currency: invoice.currency?.currencyCode ?? FALLBACK_CURRENCY,
    subtotal: toMinorUnits(invoice.subtotal),
    sales_tax: toMinorUnits(invoice.salesTax),
    total: toMinorUnits(invoice.total),
    payments: toMinorUnits(invoice.payments),
    credits: toMinorUnits(invoice.credits),
    balance: toMinorUnits(invoice.balance),
    customer_po: invoice.customerPO ?? null,
    deleted: 0,
    psa_updated_at: toEpochMs(invoice._info?.lastUpdated),
  };
}

/** Maps an invoice's `procurement/products` entries to numbered lines, amounts in minor units. */
export function mapInvoiceLines(products: readonly ManageProduct[]): InvoiceLineInput[] {
  return products.map((product, index) => {
    const quantity = product.quantity ?? 0;
    const price = product.price ?? 0;
    return {
      line_no: index + 1,
      description: product.description ?? '',
      quantity,
      unit_price: toMinorUnits(price),
      amount: toMinorUnits(product.extendedPrice ?? quantity * price),
    };
  });
}

/** Maps `finance/invoices/{id}/payments` entries; `method` is Manage's payment type. */
export function mapInvoicePayments(payments: readonly ManagePayment[]): InvoicePaymentInput[] {
  return payments.map((payment) => ({
    psa_id: payment.id,
    paid_on: toIsoDate(payment.paymentDate),
    amount: toMinorUnits(payment.amount),
    method: payment.type ?? null,
  }));
}
