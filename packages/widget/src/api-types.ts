// The JSON shapes of the portal API that the widget reads. Amounts are integer minor units of
// `currency`, dates are `YYYY-MM-DD`, timestamps are ISO 8601 strings.

/** A contact or customer reference as the portal API returns it. */
export interface Party {
  id: string | number;
  name: string;
}

/** The signed-in contact, with the email the portal holds for them. */
export interface Contact extends Party {
  email: string;
}

/** The `201` body of `POST /api/v1/sessions`. */
export interface SessionCreated {
  access_token: string;
  expires_at: string;
  contact: Contact;
  customer: Party;
}

/** The body of `GET /api/v1/me`. */
export interface Me {
  contact: Contact;
  customer: Party;
  permissions: { view_invoices: boolean; download_pdf: boolean; pay: boolean };
  session: { expires_at: string };
}

/** Invoice status filter values accepted by `GET /api/v1/invoices`. */
export type StatusFilter = 'open' | 'paid' | 'all';

/** One row of `GET /api/v1/invoices`. */
export interface InvoiceSummary {
  id: string | number;
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

/** One page of `GET /api/v1/invoices`; `next_cursor` is null on the last page. */
export interface InvoicePage {
  data: InvoiceSummary[];
  next_cursor: string | null;
}

/** One line of an invoice. */
export interface InvoiceLine {
  line_no: number;
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
}

/** One payment applied to an invoice. */
export interface InvoicePayment {
  paid_on: string;
  amount: number;
  method: string;
}

/** The body of `GET /api/v1/invoices/:id`. */
export interface InvoiceDetail extends InvoiceSummary {
  subtotal: number;
  sales_tax: number;
  payments_total: number;
  credits: number;
  customer_po: string | null;
  lines: InvoiceLine[];
  payments: InvoicePayment[];
}

/** The JSON that the widget page embeds in `<script type="application/json" id="billfold-session">`. */
export interface PageSession {
  access_token: string;
  expires_at: string;
  parent_origin?: string;
}
