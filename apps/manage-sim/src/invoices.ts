import { createRandom, mixSeed, type Random } from './random.js';
import { CURRENCIES } from './currencies.js';
import type { Company } from './data.js';
import { PRODUCT_DESCRIPTIONS } from './names.js';

const DAY_MS = 86_400_000;

/** Invoice statuses. `isClosed` is false while the invoice still expects money. */
export const INVOICE_STATUSES = [
  { id: 1, name: 'New', isClosed: false },
  { id: 2, name: 'Sent', isClosed: false },
  { id: 3, name: 'Partial Payment', isClosed: false },
  { id: 4, name: 'Paid', isClosed: true },
  { id: 5, name: 'Closed', isClosed: true },
] as const;

export const INVOICE_TYPES = ['Standard', 'Agreement', 'Credit Memo'] as const;

export const PAYMENT_TYPES = ['Check', 'Credit Card', 'ACH', 'Wire Transfer'] as const;

/** One invoice, read out of the columns. Money is in integer cents. */
export interface InvoiceRow {
  id: number;
  invoiceNumber: string;
  type: (typeof INVOICE_TYPES)[number];
  statusIndex: number;
  companyId: number;
  /** UTC midnight, epoch ms. */
  date: number;
  dueDate: number;
  subtotalCents: number;
  salesTaxCents: number;
  totalCents: number;
  paymentsCents: number;
  creditsCents: number;
  balanceCents: number;
  customerPO: string;
  lastUpdated: number;
}

/** A payment applied to an invoice, derived from its id and paid amount. */
export interface PaymentRow {
  id: number;
  type: string;
  amountCents: number;
  paymentDate: number;
  appliedBy: string;
}

/**
 * Invoices stored column by column in typed arrays (about 40 bytes each), so a million of
 * them fit in a few dozen megabytes. Invoice ids are the row index plus one.
 */
export class InvoiceTable {
  count = 0;
  readonly companyId: Int32Array;
  readonly dateDay: Int32Array;
  readonly dueDay: Int32Array;
  readonly typeIndex: Uint8Array;
  readonly statusIndex: Uint8Array;
  readonly subtotal: Int32Array;
  readonly salesTax: Int32Array;
  readonly payments: Int32Array;
  readonly credits: Int32Array;
  readonly lastUpdated: Float64Array;

  constructor(
    readonly capacity: number,
    readonly seed: number,
    readonly todayMs: number,
  ) {
    this.companyId = new Int32Array(capacity);
    this.dateDay = new Int32Array(capacity);
    this.dueDay = new Int32Array(capacity);
    this.typeIndex = new Uint8Array(capacity);
    this.statusIndex = new Uint8Array(capacity);
    this.subtotal = new Int32Array(capacity);
    this.salesTax = new Int32Array(capacity);
    this.payments = new Int32Array(capacity);
    this.credits = new Int32Array(capacity);
    this.lastUpdated = new Float64Array(capacity);
  }

  /** Appends one invoice for `company`; `state` pins it open or paid for the personas. */
  generate(random: Random, company: Company, state: 'open' | 'paid' | 'any'): void {
    const i = this.count;
    this.count += 1;
    const todayDay = Math.floor(this.todayMs / DAY_MS);
    const ageDays =
      state === 'open'
        ? random.int(0, 45)
        : state === 'paid'
          ? random.int(60, 700)
          : random.int(0, 720);
    const dateDay = todayDay - ageDays;
    const type = state === 'any' ? pickType(random) : 0;
    const subtotal = random.int(50_00, 12_000_00) * (type === 2 ? -1 : 1);
    const taxRate = CURRENCIES[company.currencyIndex]?.taxRate ?? 0;

    this.companyId[i] = company.id;
    this.dateDay[i] = dateDay;
    this.dueDay[i] = dateDay + (type === 1 ? 15 : 30);
    this.typeIndex[i] = type;
    this.subtotal[i] = subtotal;
    this.salesTax[i] = Math.round(subtotal * taxRate);
    this.settle(random, i, state, todayDay);
    const updatedDay = Math.min(todayDay, dateDay + random.int(0, 60));
    this.lastUpdated[i] = updatedDay * DAY_MS - random.int(1, 86_399) * 1000 + DAY_MS;
    if (this.lastUpdated[i]! > this.todayMs)
      this.lastUpdated[i] = this.todayMs - random.int(1, 3600) * 1000;
  }

  private settle(
    random: Random,
    i: number,
    state: 'open' | 'paid' | 'any',
    todayDay: number,
  ): void {
    const total = this.subtotal[i]! + this.salesTax[i]!;
    if (this.typeIndex[i] === 2) {
      this.credits[i] = total;
      this.statusIndex[i] = 4;
      return;
    }

    const overdueDays = todayDay - this.dueDay[i]!;
    let paidShare: number;
    if (state === 'paid') paidShare = 1;
    else if (state === 'open') paidShare = random.chance(0.25) ? random.int(20, 80) / 100 : 0;
    else if (overdueDays > 60) paidShare = random.chance(0.93) ? 1 : random.chance(0.5) ? 0.5 : 0;
    else if (overdueDays > 0)
      paidShare = random.chance(0.5) ? 1 : random.chance(0.4) ? random.int(20, 80) / 100 : 0;
    else paidShare = random.chance(0.15) ? 1 : random.chance(0.15) ? random.int(20, 80) / 100 : 0;

    const credits = paidShare < 1 && random.chance(0.03) ? Math.round(total * 0.1) : 0;
    this.credits[i] = credits;
    this.payments[i] = paidShare === 1 ? total - credits : Math.round(total * paidShare);
    this.statusIndex[i] = statusFor(total, this.payments[i]!, credits, todayDay - this.dateDay[i]!);
  }

  /** Sets the paid amount of row `i` and recomputes its status. */
  setPayments(i: number, paymentsCents: number): void {
    const total = this.subtotal[i]! + this.salesTax[i]!;
    this.payments[i] = paymentsCents;
    const todayDay = Math.floor(this.todayMs / DAY_MS);
    this.statusIndex[i] = statusFor(
      total,
      paymentsCents,
      this.credits[i]!,
      todayDay - this.dateDay[i]!,
    );
  }

  /** Reads row `i` (0-based) as one invoice. */
  row(i: number): InvoiceRow {
    const id = i + 1;
    const subtotalCents = this.subtotal[i]!;
    const salesTaxCents = this.salesTax[i]!;
    const totalCents = subtotalCents + salesTaxCents;
    const paymentsCents = this.payments[i]!;
    const creditsCents = this.credits[i]!;
    const type = INVOICE_TYPES[this.typeIndex[i]!] ?? 'Standard';

    return {
      id,
      invoiceNumber: `${type === 'Credit Memo' ? 'CM' : 'INV'}-${String(100_000 + id)}`,
      type,
      statusIndex: this.statusIndex[i]!,
      companyId: this.companyId[i]!,
      date: this.dateDay[i]! * DAY_MS,
      dueDate: this.dueDay[i]! * DAY_MS,
      subtotalCents,
      salesTaxCents,
      totalCents,
      paymentsCents,
      creditsCents,
      balanceCents: totalCents - paymentsCents - creditsCents,
      customerPO:
        mixSeed(this.seed, id) % 3 === 0
          ? `PO-${(mixSeed(this.seed + 1, id) % 90_000) + 10_000}`
          : '',
      lastUpdated: this.lastUpdated[i]!,
    };
  }

  /** Derives the payments of row `i`; their amounts add up to its paid amount. */
  paymentsOf(i: number): PaymentRow[] {
    const paid = this.payments[i]!;
    if (paid <= 0) return [];
    const id = i + 1;
    const random = createRandom(mixSeed(this.seed ^ 0x5eed, id));
    const todayDay = Math.floor(this.todayMs / DAY_MS);
    const split =
      paid > 100_00 && random.chance(0.3) ? Math.round((paid * random.int(30, 70)) / 100) : paid;
    const amounts = split === paid ? [paid] : [split, paid - split];

    return amounts.map((amountCents, n) => ({
      id: id * 10 + n + 1,
      type: random.pick(PAYMENT_TYPES),
      amountCents,
      paymentDate: Math.min(todayDay, this.dateDay[i]! + random.int(3, 40) + n * 14) * DAY_MS,
      appliedBy: random.pick(['jsmith', 'accounting', 'mpatel', 'ar.bot']),
    }));
  }
}

function pickType(random: Random): number {
  const r = random.next();
  if (r < 0.04) return 2;
  if (r < 0.2) return 1;
  return 0;
}

function statusFor(
  totalCents: number,
  paidCents: number,
  creditsCents: number,
  ageDays: number,
): number {
  const balance = totalCents - paidCents - creditsCents;
  if (balance <= 0) return 3;
  if (paidCents > 0) return 2;
  return ageDays > 2 ? 1 : 0;
}

/** A product line of an invoice, derived from the invoice's id and subtotal. */
export interface InvoiceLine {
  id: number;
  sequenceNumber: number;
  description: string;
  quantity: number;
  /** Unit price in cents. */
  priceCents: number;
  extendedCents: number;
}

/** Derives an invoice's lines; their extended prices always add up to the subtotal. */
export function deriveLines(seed: number, invoiceId: number, subtotalCents: number): InvoiceLine[] {
  const random = createRandom(mixSeed(seed, invoiceId));
  const count = random.int(1, 4);
  const lines: InvoiceLine[] = [];
  let remaining = subtotalCents;

  for (let n = 1; n < count; n += 1) {
    const quantity = random.pick([1, 2, 4, 5, 10]);
    const share = Math.trunc((subtotalCents * random.int(10, 30)) / 100 / quantity);
    lines.push(makeLine(invoiceId, n, random.pick(PRODUCT_DESCRIPTIONS), quantity, share));
    remaining -= share * quantity;
  }
  lines.push(makeLine(invoiceId, count, random.pick(PRODUCT_DESCRIPTIONS), 1, remaining));
  return lines;
}

function makeLine(
  invoiceId: number,
  n: number,
  description: string,
  quantity: number,
  priceCents: number,
): InvoiceLine {
  return {
    id: invoiceId * 10 + n,
    sequenceNumber: n,
    description,
    quantity,
    priceCents,
    extendedCents: priceCents * quantity,
  };
}
