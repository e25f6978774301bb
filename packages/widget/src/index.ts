// The browser entry of the widget: importing it registers <billfold-invoices>.
export { BillfoldInvoices, INVOICES_TAG } from './components/invoices/invoices.js';
export type * from './api-types.js';
export { formatDate, formatMoney, currencyFractionDigits } from './format.js';
