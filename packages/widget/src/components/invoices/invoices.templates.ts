// Lit templates for each view of <billfold-invoices>. They are pure functions of the data and
// callbacks passed in, so the element class keeps only state and behaviour.
import { html, nothing, type TemplateResult } from 'lit';

import type { InvoiceDetail, InvoiceSummary, StatusFilter } from '../../api-types.js';
import { formatDate, formatMoney } from '../../format.js';
import type { SortKey, SortState } from '../../sort.js';
import { TEXT } from '../../texts.js';

const STATUS_FILTERS: StatusFilter[] = ['open', 'paid', 'all'];
const COLUMNS: SortKey[] = ['number', 'date', 'due_date', 'total', 'balance', 'status'];
const SKELETON_ROWS = 5;

/** Data and callbacks that the list templates take from the element. */
export interface ListModel {
  locale: string;
  status: StatusFilter;
  invoices: InvoiceSummary[];
  sort: SortState;
  busy: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onStatus: (status: StatusFilter) => void;
  onSort: (key: SortKey) => void;
  onOpen: (invoice: InvoiceSummary) => void;
  onLoadMore: () => void;
}

/** Data and callbacks that the detail template takes from the element. */
export interface DetailModel {
  locale: string;
  summary: InvoiceSummary;
  detail: InvoiceDetail | undefined;
  canDownload: boolean;
  canPay: boolean;
  downloading: boolean;
  pdfFailed: boolean;
  onBack: () => void;
  onDownload: () => void;
  onPay: () => void;
}

/** Renders the status badge; overdue is spelled out, never shown by colour alone. */
export function statusBadge(invoice: InvoiceSummary): TemplateResult {
  if (invoice.status === 'paid') {
    return html`<span part="status-badge status-paid" class="badge paid">${TEXT.statusPaid}</span>`;
  }

  if (invoice.overdue) {
    return html`<span part="status-badge status-overdue" class="badge overdue"
      >${TEXT.statusOverdue}</span
    >`;
  }

  return html`<span part="status-badge status-open" class="badge open">${TEXT.statusOpen}</span>`;
}

function filterControl(model: ListModel): TemplateResult {
  return html`<fieldset part="filter" class="filter">
    <legend>${TEXT.filterLegend}</legend>
    ${STATUS_FILTERS.map(
      (value) =>
        html`<label part="filter-option" class="segment">
          <input
            type="radio"
            name="status"
            .value=${value}
            .checked=${model.status === value}
            @change=${() => model.onStatus(value)}
          /><span>${TEXT.filterLabels[value]}</span>
        </label>`,
    )}
  </fieldset>`;
}

function headerCell(model: ListModel, key: SortKey): TemplateResult {
  const sorted = model.sort.key === key;
  const numeric = key === 'total' || key === 'balance';
  let arrow = '';
  if (sorted) arrow = model.sort.direction === 'ascending' ? '▲' : '▼';

  return html`<th
    scope="col"
    part="header-cell"
    class=${numeric ? 'num' : ''}
    aria-sort=${sorted ? model.sort.direction : nothing}
  >
    <button type="button" part="sort-button" class="sort" @click=${() => model.onSort(key)}>
      ${TEXT.columns[key]}<span class="arrow" aria-hidden="true">${arrow}</span>
    </button>
  </th>`;
}

function invoiceRow(model: ListModel, invoice: InvoiceSummary): TemplateResult {
  const money = (minor: number) => formatMoney(minor, invoice.currency, model.locale);

  return html`<tr part=${invoice.overdue ? 'row row-overdue' : 'row'}>
    <th scope="row" part="cell">
      <button
        type="button"
        part="invoice-button"
        class="link"
        data-invoice-id=${String(invoice.id)}
        @click=${() => model.onOpen(invoice)}
      >
        ${invoice.number}
      </button>
    </th>
    <td part="cell">${formatDate(invoice.date, model.locale)}</td>
    <td part="cell">${formatDate(invoice.due_date, model.locale)}</td>
    <td part="cell cell-amount" class="num">${money(invoice.total)}</td>
    <td part="cell cell-amount" class="num">${money(invoice.balance)}</td>
    <td part="cell">${statusBadge(invoice)}</td>
  </tr>`;
}

function skeletonRows(): TemplateResult[] {
  return Array.from(
    { length: SKELETON_ROWS },
    () =>
      html`<tr part="row skeleton-row">
        ${COLUMNS.map(() => html`<td part="cell"><span class="skeleton"></span></td>`)}
      </tr>`,
  );
}

function invoiceTable(model: ListModel): TemplateResult {
  return html`<div
    class="scroll"
    part="table-scroll"
    role="region"
    aria-labelledby="invoices-caption"
    tabindex="0"
  >
    <table part="table">
      <caption id="invoices-caption">
        ${TEXT.captions[model.status]}
      </caption>
      <thead>
        <tr part="header-row">
          ${COLUMNS.map((key) => headerCell(model, key))}
        </tr>
      </thead>
      <tbody>
        ${model.busy ? skeletonRows() : model.invoices.map((row) => invoiceRow(model, row))}
      </tbody>
    </table>
  </div>`;
}

function listFooter(model: ListModel): TemplateResult {
  const more = model.hasMore
    ? html`<button
        type="button"
        part="button load-more"
        class="button"
        aria-disabled=${model.loadingMore ? 'true' : 'false'}
        @click=${model.onLoadMore}
      >
        ${model.loadingMore ? TEXT.loadingMore : TEXT.loadMore}
      </button>`
    : nothing;

  return html`<div class="footer" part="footer">
    <span class="muted">${TEXT.showing(model.invoices.length)}</span>${more}
  </div>`;
}

/** Renders the list view: heading, status filter, then the table, its skeleton or the empty state. */
export function listView(model: ListModel, empty: boolean): TemplateResult {
  let body: TemplateResult;

  if (empty) {
    body = html`<div part="state state-empty" class="state">
      <p class="state-title">${TEXT.empty[model.status]}</p>
      <p class="muted">${TEXT.emptyHint}</p>
    </div>`;
  } else {
    body = html`${invoiceTable(model)}${model.busy ? nothing : listFooter(model)}`;
  }

  return html`<section
    part=${model.busy ? 'view state state-loading' : 'view'}
    class="view"
    aria-labelledby="list-heading"
    aria-busy=${model.busy ? 'true' : 'false'}
  >
    <div class="toolbar">
      <h2 id="list-heading" part="heading">${TEXT.listHeading}</h2>
      ${filterControl(model)}
    </div>
    ${model.busy ? html`<p class="visually-hidden">${TEXT.loading}</p>` : nothing} ${body}
  </section>`;
}

function definitionRows(rows: [string, string | TemplateResult][]): TemplateResult {
  return html`${rows.map(
    ([term, value]) =>
      html`<div>
        <dt>${term}</dt>
        <dd>${value}</dd>
      </div>`,
  )}`;
}

function detailTables(model: DetailModel, detail: InvoiceDetail): TemplateResult {
  const money = (minor: number) => formatMoney(minor, detail.currency, model.locale);
  const labels = TEXT.totalsLabels;

  return html`<dl part="totals" class="totals">
      ${definitionRows([
        [labels.subtotal, money(detail.subtotal)],
        [labels.sales_tax, money(detail.sales_tax)],
        [labels.total, money(detail.total)],
        [labels.payments_total, money(detail.payments_total)],
        [labels.credits, money(detail.credits)],
        [labels.balance, money(detail.balance)],
      ])}
    </dl>
    <div
      class="scroll"
      part="table-scroll"
      role="region"
      aria-labelledby="lines-caption"
      tabindex="0"
    >
      <table part="table lines-table">
        <caption id="lines-caption">
          ${TEXT.linesCaption}
        </caption>
        <thead>
          <tr part="header-row">
            ${TEXT.lineColumns.map(
              (label, index) =>
                html`<th scope="col" part="header-cell" class=${index >= 2 ? 'num' : ''}>
                  ${label}
                </th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${detail.lines.map(
            (line) =>
              html`<tr part="row">
                <td part="cell">${line.line_no}</td>
                <td part="cell">${line.description}</td>
                <td part="cell" class="num">${line.quantity.toLocaleString(model.locale)}</td>
                <td part="cell cell-amount" class="num">${money(line.unit_price)}</td>
                <td part="cell cell-amount" class="num">${money(line.amount)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${paymentsTable(model, detail)}`;
}

function paymentsTable(model: DetailModel, detail: InvoiceDetail): TemplateResult {
  if (detail.payments.length === 0) {
    return html`<h3 class="subheading">${TEXT.paymentsCaption}</h3>
      <p class="muted">${TEXT.noPayments}</p>`;
  }

  return html`<div
    class="scroll"
    part="table-scroll"
    role="region"
    aria-labelledby="payments-caption"
    tabindex="0"
  >
    <table part="table payments-table">
      <caption id="payments-caption">
        ${TEXT.paymentsCaption}
      </caption>
      <thead>
        <tr part="header-row">
          ${TEXT.paymentColumns.map(
            (label, index) =>
              html`<th scope="col" part="header-cell" class=${index === 2 ? 'num' : ''}>
                ${label}
              </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${detail.payments.map(
          (payment) =>
            html`<tr part="row">
              <td part="cell">${formatDate(payment.paid_on, model.locale)}</td>
              <td part="cell">${payment.method}</td>
              <td part="cell cell-amount" class="num">
                ${formatMoney(payment.amount, detail.currency, model.locale)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function detailActions(model: DetailModel, detail: InvoiceDetail): TemplateResult {
  const download = model.canDownload
    ? html`<button
        type="button"
        part="button download-button"
        class="button primary"
        aria-disabled=${model.downloading ? 'true' : 'false'}
        @click=${model.onDownload}
      >
        ${model.downloading ? TEXT.downloadingPdf : TEXT.downloadPdf}
      </button>`
    : nothing;
  const pay =
    model.canPay && detail.balance > 0
      ? html`<button type="button" part="button pay-button" class="button" @click=${model.onPay}>
          ${TEXT.pay}
        </button>`
      : nothing;
  const failure = model.pdfFailed
    ? html`<p role="alert" part="pdf-error" class="error-text">${TEXT.pdfFailed}</p>`
    : nothing;

  return html`<div class="actions">${download}${pay}</div>
    ${failure}`;
}

/** Renders one invoice; while `detail` is undefined the summary row fills the header. */
export function detailView(model: DetailModel): TemplateResult {
  const { summary, detail } = model;
  const labels = TEXT.summaryLabels;
  const summaryRows: [string, string | TemplateResult][] = [
    [labels.date, formatDate(summary.date, model.locale)],
    [labels.due_date, formatDate(summary.due_date, model.locale)],
    [labels.status, statusBadge(detail ?? summary)],
  ];
  if (detail?.customer_po) summaryRows.push([labels.customer_po, detail.customer_po]);

  return html`<section
    part=${detail ? 'view detail' : 'view detail state state-loading'}
    class="view"
    aria-labelledby="detail-heading"
    aria-busy=${detail ? 'false' : 'true'}
  >
    <button type="button" part="button back-button" class="button ghost" @click=${model.onBack}>
      <span aria-hidden="true">←</span> ${TEXT.back}
    </button>
    <h2 id="detail-heading" part="heading detail-heading" tabindex="-1">
      ${TEXT.invoiceHeading(summary.number)}
    </h2>
    <dl part="summary" class="summary">${definitionRows(summaryRows)}</dl>
    ${
      detail
        ? html`${detailTables(model, detail)}${detailActions(model, detail)}`
        : html`<p class="muted">${TEXT.loadingInvoice}</p>
            <span class="skeleton wide"></span><span class="skeleton wide"></span>`
    }
  </section>`;
}

/** Renders the retryable error state with its code. */
export function errorView(code: string, onRetry: () => void): TemplateResult {
  return html`<div part="state state-error" class="state" role="alert" data-code=${code}>
    <p class="state-title">${TEXT.errorTitle}</p>
    <p class="muted">${TEXT.errorHint} ${TEXT.errorCode}: <code>${code}</code></p>
    <button type="button" part="button retry-button" class="button primary" @click=${onRetry}>
      ${TEXT.retry}
    </button>
  </div>`;
}

/** Renders the end of a session. There is deliberately no sign-in form: the host relaunches. */
export function sessionExpiredView(code: string): TemplateResult {
  return html`<div part="state state-session-expired" class="state" role="alert" data-code=${code}>
    <p class="state-title">${TEXT.sessionEnded}</p>
  </div>`;
}

/** Renders the not-eligible state: plain words for the contact, reason codes for their MSP. */
export function notEligibleView(reasons: string[]): TemplateResult {
  return html`<div
    part="state state-not-eligible"
    class="state"
    role="alert"
    data-reasons=${reasons.join(' ')}
  >
    <p class="state-title">${TEXT.notEligible}</p>
    ${
      reasons.length > 0
        ? html`<details part="reasons">
            <summary>${TEXT.notEligibleDetails}</summary>
            <ul>
              ${reasons.map((reason) => html`<li><code>${reason}</code></li>`)}
            </ul>
          </details>`
        : nothing
    }
  </div>`;
}
