import { createRandom, type Random } from './random.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import type { SimData } from './data.js';
import { markChanged } from './revision.js';

/** Record ids changed by a mutation, per entity. */
export interface MutationResult {
  companies: number[];
  contacts: number[];
  invoices: number[];
}

/** Options of {@link mutateData}. */
export interface MutateOptions {
  /** Share of each entity to edit, 0 to 1. */
  fraction: number;
  seed?: number;
}

function nowSeconds(): number {
  const now = Date.now();
  return now - (now % 1000);
}

/** Picks `share` of the indexes from `first` to `size - 1`, without repeats, in ascending order. */
function pickIndexes(random: Random, first: number, size: number, share: number): number[] {
  const available = Math.max(0, size - first);
  const wanted = Math.min(available, Math.round(available * share));
  const picked = new Set<number>();
  while (picked.size < wanted) picked.add(first + Math.floor(random.next() * available));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Edits a fraction of companies (names), contacts (last names) and invoices (a payment,
 * which changes balance and status) and stamps them with the current time. The pinned
 * persona companies and contacts are never touched, so the demo keeps working.
 */
export function mutateData(
  data: SimData,
  personaCounts: { companies: number; contacts: number },
  options: MutateOptions,
): MutationResult {
  if (!(options.fraction >= 0 && options.fraction <= 1))
    throw new RangeError(`fraction must be between 0 and 1, got ${options.fraction}.`);
  const random = createRandom(options.seed ?? 1);
  const now = nowSeconds();
  markChanged(data);
  const result: MutationResult = { companies: [], contacts: [], invoices: [] };

  for (const i of pickIndexes(
    random,
    personaCounts.companies,
    data.companies.length,
    options.fraction,
  )) {
    const company = data.companies[i]!;
    company.name = company.name.endsWith(' (renamed)')
      ? company.name.slice(0, -10)
      : `${company.name} (renamed)`;
    company.lastUpdated = now;
    result.companies.push(company.id);
  }

  for (const i of pickIndexes(
    random,
    personaCounts.contacts,
    data.contacts.length,
    options.fraction,
  )) {
    const contact = data.contacts[i]!;
    if (contact.mergedIntoId !== null) continue;
    contact.lastName = random.pick(LAST_NAMES);
    if (random.chance(0.2)) contact.firstName = random.pick(FIRST_NAMES);
    contact.lastUpdated = now;
    result.contacts.push(contact.id);
  }

  const table = data.invoices;
  for (const i of pickIndexes(random, 0, table.count, options.fraction)) {
    const total = table.subtotal[i]! + table.salesTax[i]!;
    const balance = total - table.payments[i]! - table.credits[i]!;
    // Pay half of what is open, or reopen a paid invoice as if a payment bounced.
    table.setPayments(i, balance > 0 ? table.payments[i]! + Math.ceil(balance / 2) : 0);
    table.lastUpdated[i] = now;
    result.invoices.push(i + 1);
  }
  return result;
}

/** Soft-deletes a company as Manage does: `deletedFlag` true, lastUpdated now. */
export function deleteCompany(data: SimData, id: number): MutationResult {
  const company = data.companies[id - 1];
  if (company === undefined) throw new RangeError(`No company with id ${id}.`);
  company.deletedFlag = true;
  company.lastUpdated = nowSeconds();
  markChanged(data);
  return { companies: [id], contacts: [], invoices: [] };
}

/** Merges contact `fromId` into `intoId`: the first leaves every listing, the second is updated. */
export function mergeContact(data: SimData, fromId: number, intoId: number): MutationResult {
  const from = data.contacts[fromId - 1];
  const into = data.contacts[intoId - 1];
  if (from === undefined || into === undefined || fromId === intoId) {
    throw new RangeError(`Cannot merge contact ${fromId} into ${intoId}.`);
  }
  from.mergedIntoId = intoId;
  into.lastUpdated = nowSeconds();
  markChanged(data);

  const companies: number[] = [];
  for (const company of data.companies) {
    if (company.defaultContactId === fromId || company.billingContactId === fromId) {
      if (company.defaultContactId === fromId) company.defaultContactId = intoId;
      if (company.billingContactId === fromId) company.billingContactId = intoId;
      company.lastUpdated = into.lastUpdated;
      companies.push(company.id);
    }
  }
  return { companies, contacts: [fromId, intoId], invoices: [] };
}
