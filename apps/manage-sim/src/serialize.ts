// JSON shapes of the Manage REST API (`/v4_6_release/apis/3.0`), with Manage's field names.
import {
  COMPANY_STATUSES,
  COMPANY_TYPES,
  CURRENCIES,
  type Company,
  type Contact,
  type SimData,
} from './data.js';
import {
  INVOICE_STATUSES,
  type InvoiceLine,
  type InvoiceRow,
  type PaymentRow,
} from './invoices.js';

const COMMUNICATION_TYPE_IDS = { Email: 1, Direct: 2, Cell: 3 } as const;

const isoCache = new Map<number, string>();
const ISO_CACHE_LIMIT = 100_000;

/**
 * Formats epoch ms as Manage does: ISO 8601 in UTC without fractional seconds. Results are
 * cached because a page of invoices repeats the same dates, and formatting was a large share
 * of the time to serve one.
 */
export function isoSeconds(ms: number): string {
  const cached = isoCache.get(ms);
  if (cached !== undefined) return cached;

  // `toISOString` is `YYYY-MM-DDTHH:mm:ss.sssZ` for the years 0 to 9999.
  const text = `${new Date(ms).toISOString().slice(0, 19)}Z`;
  if (isoCache.size >= ISO_CACHE_LIMIT) isoCache.clear();
  isoCache.set(ms, text);
  return text;
}

/** Converts integer cents to a JSON number with at most two decimals. */
export function money(cents: number): number {
  return Math.round(cents) / 100;
}

function companyReference(data: SimData, id: number) {
  const company = data.companies[id - 1];
  return { id, identifier: company?.identifier ?? '', name: company?.name ?? '' };
}

function contactReference(data: SimData, id: number | null) {
  if (id === null) return undefined;
  const contact = data.contacts[id - 1];
  return { id, name: contact === undefined ? '' : `${contact.firstName} ${contact.lastName}` };
}

/** Serialises a company record. */
export function companyJson(data: SimData, company: Company) {
  const currency = CURRENCIES[company.currencyIndex] ?? CURRENCIES[0];
  const status = COMPANY_STATUSES.find((candidate) => candidate.id === company.statusId);
  const type = COMPANY_TYPES.find((candidate) => candidate.id === company.typeId);
  return {
    id: company.id,
    identifier: company.identifier,
    name: company.name,
    status,
    types: type === undefined ? [] : [type],
    defaultContact: contactReference(data, company.defaultContactId),
    billingContact: contactReference(data, company.billingContactId),
    billToCompany: companyReference(data, company.billToCompanyId),
    currency:
      currency === undefined
        ? undefined
        : { id: currency.id, currencyCode: currency.currencyCode, symbol: currency.symbol },
    deletedFlag: company.deletedFlag,
    _info: { lastUpdated: isoSeconds(company.lastUpdated), updatedBy: 'simulator' },
  };
}

/** Serialises a contact record; the simulator-only portal fields stay out. */
export function contactJson(data: SimData, contact: Contact) {
  return {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    company: companyReference(data, contact.companyId),
    inactiveFlag: contact.inactiveFlag,
    defaultFlag: contact.defaultFlag,
    defaultBillingFlag: contact.defaultBillingFlag,
    portalSecurityLevel: contact.portalSecurityLevel,
    disablePortalLoginFlag: contact.disablePortalLoginFlag,
    communicationItems: contact.communicationItems.map((item) => ({
      id: item.id,
      type: {
        id: COMMUNICATION_TYPE_IDS[item.typeName],
        name: item.typeName,
      },
      value: item.value,
      defaultFlag: item.defaultFlag,
      communicationType: item.typeName === 'Email' ? 'Email' : 'Phone',
    })),
    _info: { lastUpdated: isoSeconds(contact.lastUpdated), updatedBy: 'simulator' },
  };
}

/** Serialises an invoice row. */
export function invoiceJson(data: SimData, invoice: InvoiceRow) {
  const company = data.companies[invoice.companyId - 1];
  const currency = CURRENCIES[company?.currencyIndex ?? 0] ?? CURRENCIES[0];
  const status = INVOICE_STATUSES[invoice.statusIndex] ?? INVOICE_STATUSES[0];
  return {
    id: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    type: invoice.type,
    status: { id: status.id, name: status.name, isClosed: status.isClosed },
    company: companyReference(data, invoice.companyId),
    billToCompany: companyReference(data, company?.billToCompanyId ?? invoice.companyId),
    date: isoSeconds(invoice.date),
    dueDate: isoSeconds(invoice.dueDate),
    currency:
      currency === undefined
        ? undefined
        : { currencyCode: currency.currencyCode, symbol: currency.symbol },
    subtotal: money(invoice.subtotalCents),
    salesTax: money(invoice.salesTaxCents),
    total: money(invoice.totalCents),
    payments: money(invoice.paymentsCents),
    credits: money(invoice.creditsCents),
    balance: money(invoice.balanceCents),
    customerPO: invoice.customerPO,
    _info: { lastUpdated: isoSeconds(invoice.lastUpdated), updatedBy: 'simulator' },
  };
}

/** Serialises one payment of an invoice. */
export function paymentJson(invoice: InvoiceRow, payment: PaymentRow) {
  return {
    id: payment.id,
    type: payment.type,
    amount: money(payment.amountCents),
    paymentDate: isoSeconds(payment.paymentDate),
    appliedBy: payment.appliedBy,
    invoice: { id: invoice.id, identifier: invoice.invoiceNumber },
  };
}

/** Serialises an invoice line as a procurement product. */
export function productJson(invoiceId: number, line: InvoiceLine) {
  return {
    id: line.id,
    sequenceNumber: line.sequenceNumber,
    catalogItem: {
      id: 1000 + (line.description.length % 50),
      identifier: line.description.slice(0, 20),
    },
    description: line.description,
    quantity: line.quantity,
    price: money(line.priceCents),
    extendedPrice: money(line.extendedCents),
    invoice: { id: invoiceId },
  };
}
