import { BillfoldInvoices } from './invoices.component.js';

export { BillfoldInvoices };

/** The tag name of the invoices element. */
export const INVOICES_TAG = 'billfold-invoices';

// A page may load the bundle twice, through the loader and through a pinned hashed URL.
// Defining the tag a second time would throw, so the first definition wins.
if (!customElements.get(INVOICES_TAG)) customElements.define(INVOICES_TAG, BillfoldInvoices);

declare global {
  interface HTMLElementTagNameMap {
    'billfold-invoices': BillfoldInvoices;
  }
}
