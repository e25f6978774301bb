import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';

import { ApiClient } from '../../api-client.js';
import type { InvoiceDetail, InvoiceSummary, Me, StatusFilter } from '../../api-types.js';
import { resolveLocale } from '../../format.js';
import { reportHeight } from '../../height-reporter.js';
import { saveBlob } from '../../save-blob.js';
import {
  READY_MESSAGE,
  acceptLaunchMessage,
  normalizeOrigin,
  takePageSession,
} from '../../session-sources.js';
import { DEFAULT_SORT, nextSort, sortInvoices, type SortKey, type SortState } from '../../sort.js';
import { TEXT } from '../../texts.js';
import {
  INITIAL_VIEW,
  isTerminal,
  transition,
  type ViewEvent,
  type ViewState,
} from '../../view-state.js';
import { invoicesStyles } from './invoices.styles.js';
import {
  detailView,
  errorView,
  listView,
  notEligibleView,
  sessionExpiredView,
} from './invoices.templates.js';

const STATUS_VALUES: readonly string[] = ['open', 'paid', 'all'];
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

/** Returns the origin the bundle was loaded from, the default portal origin. */
function scriptOrigin(): string {
  try {
    const origin = new URL(import.meta.url).origin;
    if (origin.startsWith('http')) return origin;
  } catch {
    // Fall through to the page's origin.
  }

  return location.origin;
}

/**
 * Lists a customer's invoices from a Billfold portal: sorting, paging, one invoice's detail and
 * its PDF.
 *
 * @tag billfold-invoices
 *
 * @fires billfold-ready - The first page of invoices (or the empty state) is shown.
 * @fires billfold-session - A session started. `detail: {contact, customer, expiresAt}`.
 * @fires billfold-error - A failure view is shown. `detail: {code, reasons?}`.
 * @fires billfold-invoice-open - An invoice was opened. `detail: {id, number}`.
 * @fires billfold-pay - The Pay button was pressed (shown only with the `pay` permission). `detail: {id, number, balance, currency}`.
 *
 * @csspart base - The padded wrapper around every view.
 * @csspart view - The outer section of the list and of the detail.
 * @csspart heading - A view heading.
 * @csspart detail-heading - The invoice heading in the detail, focused when the detail opens.
 * @csspart filter - The status filter group.
 * @csspart filter-option - One option of the status filter.
 * @csspart table-scroll - The labelled region that scrolls a table sideways on narrow screens.
 * @csspart table - Every table.
 * @csspart lines-table - The invoice lines table in the detail.
 * @csspart payments-table - The payments table in the detail.
 * @csspart header-row - A table header row.
 * @csspart header-cell - A column header cell.
 * @csspart sort-button - The button inside a sortable column header.
 * @csspart row - A table body row.
 * @csspart row-overdue - A row of an overdue invoice.
 * @csspart skeleton-row - A placeholder row while invoices load.
 * @csspart cell - A table body cell.
 * @csspart cell-amount - A cell holding an amount.
 * @csspart invoice-button - The invoice number button that opens the detail.
 * @csspart status-badge - The status label of an invoice.
 * @csspart status-open - The status label of an open invoice that is not overdue.
 * @csspart status-paid - The status label of a paid invoice.
 * @csspart status-overdue - The status label of an overdue invoice.
 * @csspart button - Every push button.
 * @csspart load-more - The Load more button under the list.
 * @csspart retry-button - The Retry button of the error state.
 * @csspart back-button - The Back to invoices button of the detail.
 * @csspart download-button - The Download PDF button.
 * @csspart pay-button - The Pay button (shown only with the `pay` permission).
 * @csspart footer - The row count and Load more button under the list.
 * @csspart state - Any state other than the list and the detail.
 * @csspart state-loading - The list or detail while it loads (it also has `aria-busy="true"`).
 * @csspart state-empty - The empty list.
 * @csspart state-error - The error state with its code and Retry button.
 * @csspart state-session-expired - The message shown after the session ended.
 * @csspart state-not-eligible - The not-eligible message; its `data-reasons` contains the reason codes.
 * @csspart reasons - The disclosure listing reason codes in the not-eligible state.
 * @csspart detail - The invoice detail view.
 * @csspart summary - The dates, status and purchase order of the open invoice.
 * @csspart totals - The amounts of the open invoice.
 * @csspart pdf-error - The message shown when a PDF download fails.
 *
 * @cssprop --billfold-font-family - Font stack.
 * @cssprop --billfold-font-size - Base font size.
 * @cssprop --billfold-color-text - Text colour.
 * @cssprop --billfold-color-muted - Secondary text colour.
 * @cssprop --billfold-color-background - Background of the element.
 * @cssprop --billfold-color-surface - Background of headers, states and buttons.
 * @cssprop --billfold-color-border - Borders and rules.
 * @cssprop --billfold-color-accent - Links, the selected filter and primary buttons.
 * @cssprop --billfold-color-on-accent - Text on the accent colour.
 * @cssprop --billfold-color-danger - Overdue badges and errors.
 * @cssprop --billfold-color-success - Paid badges.
 * @cssprop --billfold-radius - Corner radius.
 * @cssprop --billfold-spacing - Base spacing unit.
 * @cssprop --billfold-focus-ring - Box shadow of the focus indicator.
 */
export class BillfoldInvoices extends LitElement {
  static override styles = invoicesStyles;

  static override properties = {
    portal: { type: String },
    session: { type: String },
    launchToken: { type: String, attribute: 'launch-token' },
    parentOrigin: { type: String, attribute: 'parent-origin' },
    status: { type: String },
    pageSize: { type: Number, attribute: 'page-size' },
    locale: { type: String },
    theme: { type: String, reflect: true },
    _view: { state: true },
    _invoices: { state: true },
    _nextCursor: { state: true },
    _sort: { state: true },
    _loadingMore: { state: true },
    _me: { state: true },
    _notice: { state: true },
    _downloading: { state: true },
    _pdfFailed: { state: true },
  };

  /**
   * Origin of the Billfold portal, such as `https://acme.billfold.example`. Defaults to the
   * origin the widget script was loaded from.
   */
  portal: string | null = null;
  /**
   * `page` reads the session that the portal's widget page embeds in
   * `<script type="application/json" id="billfold-session">`, then removes that element.
   */
  session: string | null = null;
  /**
   * A launch token written by the host's server. The element exchanges it at
   * `POST {portal}/api/v1/sessions` and removes the attribute at once.
   */
  launchToken: string | null = null;
  /**
   * The exact origin of the parent window. Inside an iframe the element posts
   * `billfold:ready` and its height only to this origin, and accepts a launch only from it.
   */
  parentOrigin: string | null = null;
  /** The initial status filter: `open`, `paid` or `all`. */
  status: 'open' | 'paid' | 'all' = 'open';
  /** Invoices per page, 1 to 100. */
  pageSize: number = DEFAULT_PAGE_SIZE;
  /** A BCP 47 locale tag that overrides `navigator.language` for amounts and dates. */
  locale: string | null = null;
  /** `dark` or `light` forces a theme; without it the element follows `prefers-color-scheme`. */
  theme: string | null = null;

  private _view: ViewState = INITIAL_VIEW;
  private _invoices: InvoiceSummary[] = [];
  private _nextCursor: string | null = null;
  private _sort: SortState = DEFAULT_SORT;
  private _loadingMore = false;
  private _me: Me | undefined = undefined;
  private _notice = '';
  private _downloading = false;
  private _pdfFailed = false;

  #client: ApiClient | undefined;
  #started = false;
  #ready = false;
  #listRequest = 0;
  #openSummary: InvoiceSummary | undefined;
  #retry: () => void = () => undefined;
  #stopHeight: (() => void) | undefined;
  #heightOrigin: string | undefined;
  #onMessage: ((event: MessageEvent) => void) | undefined;
  #handshakeOrigin: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.#onKeydown);

    if (!this.#started) {
      this.#started = true;
      this.#start();
      return;
    }

    // Moved in the DOM: resume what disconnectedCallback stopped.
    if (this.#heightOrigin) this.#startHeightReports(this.#heightOrigin);
    if (this.#handshakeOrigin && !this.#client) this.#listenForLaunch(this.#handshakeOrigin);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onKeydown);
    this.#stopHeight?.();
    this.#stopHeight = undefined;
    this.#stopListening();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('launchToken') && this.launchToken) {
      const token = this.launchToken;
      this.launchToken = null;
      this.removeAttribute('launch-token');
      void this.#exchange(token);
    }

    // A host may change the filter or page size after the first page; the filter control
    // sets `status` too, so both paths reload here.
    const listChanged = changed.has('status') || changed.has('pageSize');
    if (listChanged && this.hasUpdated && this.#client && !isTerminal(this._view)) {
      void this.#loadFirstPage();
    }
  }

  /**
   * The portal origin the element calls: the `portal` attribute, else the page's origin in
   * page mode, else the origin the widget script came from.
   */
  get portalOrigin(): string {
    const configured = normalizeOrigin(this.portal);
    if (configured) return configured;

    return this.session === 'page' ? location.origin : scriptOrigin();
  }

  get #locale(): string {
    return resolveLocale(this.locale ?? undefined, navigator.language);
  }

  get #status(): StatusFilter {
    return STATUS_VALUES.includes(this.status) ? this.status : 'open';
  }

  get #limit(): number {
    const size = Math.trunc(Number(this.pageSize));

    return size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }

  #start(): void {
    if (this.session === 'page') {
      this.#startFromPage();
      return;
    }

    // A launch-token attribute is handled by willUpdate on the first update.
    if (this.launchToken) return;

    const parentOrigin = normalizeOrigin(this.parentOrigin);
    if (parentOrigin && window.parent !== window) {
      this.#startHeightReports(parentOrigin);
      this.#listenForLaunch(parentOrigin);
      return;
    }

    if (this.parentOrigin && !parentOrigin) this.#fail('parent_origin_invalid');
  }

  #startFromPage(): void {
    const pageSession = takePageSession(document);
    if (!pageSession) {
      this.#apply({ type: 'session-started' });
      this.#apply({ type: 'failed', error: undefined }, 'session_missing');
      return;
    }

    const parentOrigin = normalizeOrigin(this.parentOrigin ?? pageSession.parent_origin);
    if (parentOrigin) this.#startHeightReports(parentOrigin);

    this.#client = new ApiClient(this.portalOrigin, pageSession.access_token);
    void this.#beginSession(pageSession.expires_at);
  }

  #startHeightReports(parentOrigin: string): void {
    if (window.parent === window || this.#stopHeight) return;

    this.#heightOrigin = parentOrigin;
    this.#stopHeight = reportHeight(this, window.parent, parentOrigin);
  }

  #listenForLaunch(parentOrigin: string): void {
    this.#stopListening();
    this.#handshakeOrigin = parentOrigin;

    this.#onMessage = (event: MessageEvent) => {
      const token = acceptLaunchMessage(event, parentOrigin, window.parent);
      if (!token) return;

      this.#stopListening();
      void this.#exchange(token);
    };
    window.addEventListener('message', this.#onMessage);
    window.parent.postMessage(READY_MESSAGE, parentOrigin);
  }

  #stopListening(): void {
    if (!this.#onMessage) return;

    window.removeEventListener('message', this.#onMessage);
    this.#onMessage = undefined;
  }

  async #exchange(launchToken: string): Promise<void> {
    this.#stopListening();
    this.#apply({ type: 'session-started' });
    const client = new ApiClient(this.portalOrigin);

    try {
      const created = await client.createSession(launchToken);
      this.#client = client;
      this.#emit('billfold-session', {
        contact: created.contact,
        customer: created.customer,
        expiresAt: created.expires_at,
      });
    } catch (error) {
      this.#retry = () => void this.#exchange(launchToken);
      this.#apply({ type: 'failed', error });
      return;
    }

    await this.#loadPermissions();
    await this.#loadFirstPage();
  }

  async #beginSession(expiresAt: string): Promise<void> {
    const me = await this.#loadPermissions();
    if (me) {
      this.#emit('billfold-session', {
        contact: me.contact,
        customer: me.customer,
        expiresAt: me.session?.expires_at ?? expiresAt,
      });
    }

    await this.#loadFirstPage();
  }

  /** Loads permissions; a failure here is left to the list request to report. */
  async #loadPermissions(): Promise<Me | undefined> {
    try {
      this._me = await this.#client?.me();
    } catch {
      this._me = undefined;
    }

    return this._me;
  }

  async #loadFirstPage(): Promise<void> {
    const client = this.#client;
    if (!client) return;

    const request = ++this.#listRequest;
    this.#apply({ type: 'list-requested' });
    this._invoices = [];
    this._nextCursor = null;

    try {
      const page = await client.listInvoices(this.#status, this.#limit);
      if (request !== this.#listRequest) return;

      this._invoices = page.data;
      this._nextCursor = page.next_cursor;
      this._notice = TEXT.showing(page.data.length);
      this.#apply({ type: 'list-loaded', count: page.data.length });
    } catch (error) {
      if (request !== this.#listRequest) return;

      this.#retry = () => void this.#loadFirstPage();
      this.#apply({ type: 'failed', error });
      return;
    }

    if (!this.#ready) {
      this.#ready = true;
      await this.updateComplete;
      this.#emit('billfold-ready', {});
    }
  }

  async #loadMore(): Promise<void> {
    const client = this.#client;
    if (!client || !this._nextCursor || this._loadingMore) return;

    const request = this.#listRequest;
    this._loadingMore = true;

    try {
      const page = await client.listInvoices(this.#status, this.#limit, this._nextCursor);
      if (request !== this.#listRequest) return;

      this._invoices = [...this._invoices, ...page.data];
      this._nextCursor = page.next_cursor;
      this._notice = TEXT.showing(this._invoices.length);
    } catch (error) {
      if (request !== this.#listRequest) return;

      this.#retry = () => {
        this.#apply({ type: 'list-loaded', count: this._invoices.length });
        void this.#loadMore();
      };
      this.#apply({ type: 'failed', error });
    } finally {
      this._loadingMore = false;
    }
  }

  #setStatus(status: StatusFilter): void {
    this.status = status;
  }

  #setSort(key: SortKey): void {
    this._sort = nextSort(this._sort, key);
  }

  async #openInvoice(summary: InvoiceSummary): Promise<void> {
    const client = this.#client;
    if (!client) return;

    this.#openSummary = summary;
    this._pdfFailed = false;
    this.#apply({ type: 'detail-requested', invoiceId: summary.id });
    this._notice = TEXT.opened(summary.number);
    this.#emit('billfold-invoice-open', { id: summary.id, number: summary.number });
    await this.#focus('#detail-heading');

    try {
      const invoice = await client.getInvoice(summary.id);
      if (!this.#isShowing(summary)) return;

      this.#apply({ type: 'detail-loaded', invoice });
    } catch (error) {
      if (!this.#isShowing(summary)) return;

      this.#retry = () => void this.#openInvoice(summary);
      this.#apply({ type: 'failed', error });
    }
  }

  #isShowing(summary: InvoiceSummary): boolean {
    const view = this._view;

    return view.kind === 'detail-loading' && view.invoiceId === summary.id;
  }

  async #closeDetail(): Promise<void> {
    const opened = this.#openSummary;
    this.#openSummary = undefined;
    this.#apply({ type: 'detail-closed', count: this._invoices.length });
    this._notice = TEXT.showing(this._invoices.length);

    if (!opened) return;

    const selector = `button[data-invoice-id="${CSS.escape(String(opened.id))}"]`;
    await this.#focus(selector);
  }

  async #downloadPdf(invoice: InvoiceDetail): Promise<void> {
    const client = this.#client;
    if (!client || this._downloading) return;

    this._downloading = true;
    this._pdfFailed = false;

    try {
      const blob = await client.getInvoicePdf(invoice.id);
      saveBlob(blob, `invoice-${invoice.number.replace(/[^\w.-]+/g, '-')}.pdf`, this.renderRoot);
    } catch (error) {
      const next = transition(this._view, { type: 'failed', error });
      // Only an ended session replaces the detail; other failures stay inline.
      if (next.kind === 'session-expired') this.#apply({ type: 'failed', error });
      else this._pdfFailed = true;
    } finally {
      this._downloading = false;
    }
  }

  #pay(invoice: InvoiceDetail): void {
    this.#emit('billfold-pay', {
      id: invoice.id,
      number: invoice.number,
      balance: invoice.balance,
      currency: invoice.currency,
    });
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;

    const kind = this._view.kind;
    if (kind !== 'detail' && kind !== 'detail-loading') return;

    event.preventDefault();
    void this.#closeDetail();
  };

  /** Applies a view event, with `code` overriding the error code of a failure. */
  #apply(event: ViewEvent, code?: string): void {
    let next = transition(this._view, event);
    if (code && next.kind === 'error') next = { kind: 'error', code };

    this._view = next;

    if (next.kind === 'error' || next.kind === 'session-expired') {
      this.#emit('billfold-error', { code: next.code });
    }

    // A keyboard user whose button disappeared with the failure continues at Retry.
    if (next.kind === 'error' && this.shadowRoot?.activeElement) {
      void this.#focus('[part~="retry-button"]');
    }

    if (next.kind !== 'not-eligible') this.removeAttribute('data-reasons');

    if (next.kind === 'not-eligible') {
      this.setAttribute('data-reasons', next.reasons.join(' '));
      this.#emit('billfold-error', { code: 'not_eligible', reasons: next.reasons });
    }
  }

  #fail(code: string): void {
    this.#apply({ type: 'session-started' });
    this.#apply({ type: 'failed', error: undefined }, code);
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #emit(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult {
    return html`<div class="base" part="base">
      ${this.#renderView()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._notice}</div>
    </div>`;
  }

  #renderView(): TemplateResult {
    const view = this._view;

    switch (view.kind) {
      case 'waiting':
      case 'loading':
      case 'list':
      case 'empty':
        return listView(
          this.#listModel(view.kind === 'waiting' || view.kind === 'loading'),
          view.kind === 'empty',
        );
      case 'error':
        return errorView(view.code, () => this.#retry());
      case 'session-expired':
        return sessionExpiredView(view.code);
      case 'not-eligible':
        return notEligibleView(view.reasons);
      case 'detail-loading':
      case 'detail':
        return this.#renderDetail(view.kind === 'detail' ? view.invoice : undefined);
    }
  }

  #listModel(busy: boolean) {
    return {
      locale: this.#locale,
      status: this.#status,
      invoices: sortInvoices(this._invoices, this._sort),
      sort: this._sort,
      busy,
      hasMore: this._nextCursor !== null,
      loadingMore: this._loadingMore,
      onStatus: (status: StatusFilter) => this.#setStatus(status),
      onSort: (key: SortKey) => this.#setSort(key),
      onOpen: (invoice: InvoiceSummary) => void this.#openInvoice(invoice),
      onLoadMore: () => void this.#loadMore(),
    };
  }

  #renderDetail(detail: InvoiceDetail | undefined): TemplateResult {
    const summary = detail ?? this.#openSummary;
    if (!summary) return errorView('invoice_missing', () => void this.#closeDetail());

    const permissions = this._me?.permissions;

    return detailView({
      locale: this.#locale,
      summary,
      detail,
      canDownload: permissions?.download_pdf ?? true,
      canPay: permissions?.pay ?? false,
      downloading: this._downloading,
      pdfFailed: this._pdfFailed,
      onBack: () => void this.#closeDetail(),
      onDownload: () => detail && void this.#downloadPdf(detail),
      onPay: () => detail && this.#pay(detail),
    });
  }
}
