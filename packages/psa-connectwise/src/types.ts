// The subset of Manage REST API records that Billfold reads. Fields Manage may omit are
// optional; the mapping functions decide the fallbacks.

/** A reference to another record, as Manage nests it. */
export interface ManageReference {
  id: number;
  identifier?: string;
  name?: string;
}

/** Record metadata; `lastUpdated` is an ISO 8601 timestamp. */
export interface ManageInfo {
  lastUpdated?: string;
}

/** `company/companies` record. */
export interface ManageCompany {
  id: number;
  identifier: string;
  name: string;
  status?: { id: number; name: string } | null;
  types?: ManageReference[];
  defaultContact?: ManageReference | null;
  billingContact?: ManageReference | null;
  billToCompany?: ManageReference | null;
  currency?: { currencyCode?: string } | null;
  deletedFlag?: boolean;
  _info?: ManageInfo;
}

/** One phone, fax or email entry of a contact. */
export interface ManageCommunicationItem {
  type?: { id: number; name: string };
  value: string;
  defaultFlag?: boolean;
  /** `Email`, `Phone` or `Fax`. */
  communicationType?: string;
}

/** `company/contacts` record. */
export interface ManageContact {
  id: number;
  firstName?: string;
  lastName?: string;
  company?: ManageReference | null;
  inactiveFlag?: boolean;
  defaultFlag?: boolean;
  defaultBillingFlag?: boolean;
  portalSecurityLevel?: number | string | null;
  disablePortalLoginFlag?: boolean;
  communicationItems?: ManageCommunicationItem[];
  _info?: ManageInfo;
}

/** `finance/invoices` record; money fields are decimal amounts in `currency`. */
export interface ManageInvoice {
  id: number;
  invoiceNumber: string;
  type?: string;
  status?: { id: number; name: string; isClosed?: boolean } | null;
  company: ManageReference;
  billToCompany?: ManageReference | null;
  date?: string;
  dueDate?: string;
  currency?: { currencyCode?: string } | null;
  subtotal?: number;
  salesTax?: number;
  total?: number;
  payments?: number;
  credits?: number;
  balance?: number;
  customerPO?: string | null;
  _info?: ManageInfo;
}

/** `finance/invoices/{id}/payments` entry. */
export interface ManagePayment {
  id: number;
  type?: string;
  amount: number;
  paymentDate?: string;
  appliedBy?: string;
}

/** `procurement/products` entry: one line of an invoice. */
export interface ManageProduct {
  id: number;
  description?: string;
  quantity?: number;
  price?: number;
  extendedPrice?: number;
  invoice?: { id: number };
}
