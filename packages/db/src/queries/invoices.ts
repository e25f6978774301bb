import type { Kysely } from 'kysely';
import { reusableQuery } from '../reusable-query.js';
import type { Database, Invoice, InvoiceLine, InvoicePayment } from '../schema.js';

/** Invoice list filter: open (not closed, balance not zero), paid (closed) or all. */
export type InvoiceStatusFilter = 'open' | 'paid' | 'all';

/** Position after which the next page starts, in `(due_date desc, id desc)` order. */
export interface InvoiceKeyset {
  dueDate: string;
  id: number;
}

/** One page request of a company's invoices. The scope fields come from the session. */
export interface InvoiceListQuery {
  tenantId: number;
  companyId: number;
  status: InvoiceStatusFilter;
  /** Rows to return; the caller asks for one more than it shows to learn if a page follows. */
  limit: number;
  after: InvoiceKeyset | null;
}

/** The columns the invoice list shows. */
export type InvoiceListRow = Pick<
  Invoice,
  | 'id'
  | 'invoice_number'
  | 'invoice_date'
  | 'due_date'
  | 'currency'
  | 'total'
  | 'balance'
  | 'is_closed'
  | 'status_name'
>;

/** A line or payment to cache for an invoice, without ids. */
export type InvoiceLineInput = Pick<
  InvoiceLine,
  'line_no' | 'description' | 'quantity' | 'unit_price' | 'amount'
>;

/** A payment to cache for an invoice, without ids. */
export type InvoicePaymentInput = Pick<InvoicePayment, 'psa_id' | 'paid_on' | 'amount' | 'method'>;

/**
 * Lists one page of a company's invoices, newest due date first, using the
 * `invoices_list` index `(tenant_id, company_id, due_date desc, id desc)`. Tenant,
 * company and `deleted = 0` are always part of the condition.
 */
export async function listInvoices(
  db: Kysely<Database>,
  query: InvoiceListQuery,
): Promise<InvoiceListRow[]> {
  const { tenantId, companyId, limit, after } = query;
  const page = invoicePageQueries[query.status];
  const { rows } =
    after === null
      ? await page.first(db, tenantId, companyId, limit)
      : await page.next(db, tenantId, companyId, limit, after.dueDate, after.id);
  return rows;
}

// The page query runs on every list request. Each filter, with and without a cursor,
// is a query of its own shape, compiled once (see reusableQuery).
function invoicePageBase(
  db: Kysely<Database>,
  tenantId: number,
  companyId: number,
  status: InvoiceStatusFilter,
) {
  const builder = db
    .selectFrom('invoices')
    .select([
      'id',
      'invoice_number',
      'invoice_date',
      'due_date',
      'currency',
      'total',
      'balance',
      'is_closed',
      'status_name',
    ])
    .where('tenant_id', '=', tenantId)
    .where('company_id', '=', companyId)
    .where('deleted', '=', 0);
  if (status === 'open') return builder.where('is_closed', '=', 0).where('balance', '<>', 0);
  if (status === 'paid') return builder.where('is_closed', '=', 1);
  return builder;
}

function invoicePageQueriesFor(status: InvoiceStatusFilter) {
  return {
    first: reusableQuery(3, (db, tenantId: number, companyId: number, limit: number) =>
      invoicePageBase(db, tenantId, companyId, status)
        .orderBy('due_date', 'desc')
        .orderBy('id', 'desc')
        .limit(limit),
    ),
    next: reusableQuery(
      5,
      (db, tenantId: number, companyId: number, limit: number, dueDate: string, id: number) =>
        invoicePageBase(db, tenantId, companyId, status)
          .where((eb) => eb(eb.refTuple('due_date', 'id'), '<', eb.tuple(dueDate, id)))
          .orderBy('due_date', 'desc')
          .orderBy('id', 'desc')
          .limit(limit),
    ),
  };
}

const invoicePageQueries = {
  open: invoicePageQueriesFor('open'),
  paid: invoicePageQueriesFor('paid'),
  all: invoicePageQueriesFor('all'),
};

/** Finds one invoice of the tenant and company; undefined for any other id. */
export async function getInvoiceForCompany(
  db: Kysely<Database>,
  tenantId: number,
  companyId: number,
  invoiceId: number,
): Promise<Invoice | undefined> {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('company_id', '=', companyId)
    .where('id', '=', invoiceId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
}

/** Lists the cached lines of an invoice, in line order. */
export async function listInvoiceLines(
  db: Kysely<Database>,
  tenantId: number,
  invoiceId: number,
): Promise<InvoiceLine[]> {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('line_no')
    .execute();
}

/** Lists the cached payments of an invoice, oldest first. */
export async function listInvoicePayments(
  db: Kysely<Database>,
  tenantId: number,
  invoiceId: number,
): Promise<InvoicePayment[]> {
  return db
    .selectFrom('invoice_payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

/**
 * Replaces the cached lines and payments of an invoice in one transaction, so two
 * concurrent fills cannot leave duplicates.
 */
export async function cacheInvoiceDetails(
  db: Kysely<Database>,
  tenantId: number,
  invoiceId: number,
  lines: readonly InvoiceLineInput[],
  payments: readonly InvoicePaymentInput[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('invoice_lines')
      .where('tenant_id', '=', tenantId)
      .where('invoice_id', '=', invoiceId)
      .execute();
    await trx
      .deleteFrom('invoice_payments')
      .where('tenant_id', '=', tenantId)
      .where('invoice_id', '=', invoiceId)
      .execute();
    if (lines.length > 0) {
      await trx
        .insertInto('invoice_lines')
        .values(lines.map((line) => ({ ...line, tenant_id: tenantId, invoice_id: invoiceId })))
        .execute();
    }
    if (payments.length > 0) {
      await trx
        .insertInto('invoice_payments')
        .values(
          payments.map((payment) => ({ ...payment, tenant_id: tenantId, invoice_id: invoiceId })),
        )
        .execute();
    }
  });
}
