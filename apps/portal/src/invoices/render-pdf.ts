import type { Invoice, InvoiceLine, InvoicePayment } from '@billfold/db';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** Content of the fallback PDF: the synced invoice, the company and its details. */
export interface PdfInput {
  invoice: Invoice;
  companyName: string;
  lines: readonly InvoiceLine[];
  payments: readonly InvoicePayment[];
}

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MARGIN = 50;

/**
 * Renders a plain invoice PDF from synced data, used when the PSA's own PDF cannot be
 * fetched. Standard fonts only cover WinAnsi, so other characters print as `?`.
 */
export async function renderInvoicePdf(input: PdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${input.invoice.invoice_number}`);
  pdf.setProducer('Billfold');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  let page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let y = PAGE_HEIGHT - MARGIN;
  const write = (text: string, options: { x?: number; size?: number; useBold?: boolean } = {}) => {
    if (y < MARGIN) {
      page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
      y = PAGE_HEIGHT - MARGIN;
    }
    drawText(
      page,
      winAnsi(text),
      options.x ?? MARGIN,
      y,
      options.size ?? 10,
      options.useBold ? bold : font,
    );
  };

  const { invoice } = input;
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  write(`Invoice ${invoice.invoice_number}`, { size: 18, useBold: true });
  y -= 28;
  for (const line of [
    `Customer: ${input.companyName}`,
    `Invoice date: ${invoice.invoice_date}    Due date: ${invoice.due_date}`,
    `Status: ${invoice.status_name}${invoice.customer_po ? `    PO: ${invoice.customer_po}` : ''}`,
  ]) {
    write(line);
    y -= 16;
  }

  y -= 10;
  write('Description', { useBold: true });
  write('Qty', { x: 330, useBold: true });
  write('Unit price', { x: 390, useBold: true });
  write('Amount', { x: 480, useBold: true });
  y -= 16;
  for (const line of input.lines) {
    write(line.description.slice(0, 55));
    write(String(line.quantity), { x: 330 });
    write(money(line.unit_price), { x: 390 });
    write(money(line.amount), { x: 480 });
    y -= 14;
  }

  y -= 12;
  for (const [label, amount] of [
    ['Subtotal', invoice.subtotal],
    ['Sales tax', invoice.sales_tax],
    ['Total', invoice.total],
    ['Payments', invoice.payments],
    ['Credits', invoice.credits],
    ['Balance due', invoice.balance],
  ] as const) {
    write(label, { x: 390, useBold: label === 'Balance due' });
    write(money(amount), { x: 480, useBold: label === 'Balance due' });
    y -= 14;
  }

  if (input.payments.length > 0) {
    y -= 12;
    write('Payments received', { useBold: true });
    y -= 14;
    for (const payment of input.payments) {
      write(`${payment.paid_on}  ${money(payment.amount)}  ${payment.method ?? ''}`);
      y -= 14;
    }
  }
  return pdf.save();
}

function drawText(
  page: PDFPage,
  text: string,
  x: number,
  y: number,
  size: number,
  font: PDFFont,
): void {
  page.drawText(text, { x, y, size, font, color: rgb(0.1, 0.1, 0.12) });
}

function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

// Minor units per currency follow ISO 4217 as Intl reports it: 2 for USD, 0 for JPY.
function currencyDigits(currency: string): number {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

// Helvetica in pdf-lib encodes WinAnsi only; anything outside Latin-1 would throw.
function winAnsi(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}
