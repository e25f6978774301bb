import { createRandom, type Random } from './random.js';
import {
  COMPANY_FIRST_WORDS,
  COMPANY_SECOND_WORDS,
  COMPANY_SUFFIXES,
  FIRST_NAMES,
  LAST_NAMES,
} from './names.js';
import { CURRENCIES } from './currencies.js';
import { InvoiceTable } from './invoices.js';

export { CURRENCIES, type Currency } from './currencies.js';

export const COMPANY_STATUSES = [
  { id: 1, name: 'Active' },
  { id: 2, name: 'Inactive' },
  { id: 3, name: 'Credit Hold' },
] as const;

export const COMPANY_TYPES = [
  { id: 1, name: 'Client' },
  { id: 2, name: 'Prospect' },
  { id: 3, name: 'Partner' },
] as const;

/** A company record; ids start at 1 and equal the array index plus one. */
export interface Company {
  id: number;
  identifier: string;
  name: string;
  statusId: number;
  typeId: number;
  defaultContactId: number | null;
  billingContactId: number | null;
  billToCompanyId: number;
  currencyIndex: number;
  deletedFlag: boolean;
  /** Epoch milliseconds, whole seconds. */
  lastUpdated: number;
}

/** One entry of a contact's `communicationItems`. */
export interface CommunicationItem {
  id: number;
  typeName: 'Email' | 'Direct' | 'Cell';
  value: string;
  defaultFlag: boolean;
}

/**
 * A contact record. `portalRoles` and `portalPassword` are simulator-only: Manage keeps
 * Customer Portal roles in its portal configuration, not on the REST contact, so they are
 * never serialised by the REST API and reach Billfold only inside launch tokens.
 */
export interface Contact {
  id: number;
  firstName: string;
  lastName: string;
  companyId: number;
  inactiveFlag: boolean;
  defaultFlag: boolean;
  defaultBillingFlag: boolean;
  portalSecurityLevel: number;
  disablePortalLoginFlag: boolean;
  communicationItems: CommunicationItem[];
  portalRoles: string[];
  portalPassword: string;
  /** Set when the contact was merged into another; merged contacts leave all listings. */
  mergedIntoId: number | null;
  lastUpdated: number;
}

/** A pinned demo person: one entry per contact record. */
export interface Persona {
  email: string;
  company: string;
  roles: string[];
  defaultBillingFlag: boolean;
}

/** The pinned demo people; each signs in to the Customer Portal with password `demo`. */
export const PERSONAS: readonly Persona[] = [
  {
    email: 'ada.admin@northwind.example',
    company: 'Northwind Traders',
    roles: ['Billing Admin'],
    defaultBillingFlag: true,
  },
  {
    email: 'rex.revoked@northwind.example',
    company: 'Northwind Traders',
    roles: ['Billing Admin'],
    defaultBillingFlag: false,
  },
  {
    email: 'nora.norole@northwind.example',
    company: 'Northwind Traders',
    roles: ['Viewer'],
    defaultBillingFlag: true,
  },
  {
    email: 'ivan.internal@northwind.example',
    company: 'Northwind Traders',
    roles: ['Billing Admin'],
    defaultBillingFlag: true,
  },
  {
    email: 'sam.shared@contoso.example',
    company: 'Contoso',
    roles: ['Billing Admin'],
    defaultBillingFlag: true,
  },
  {
    email: 'sam.shared@contoso.example',
    company: 'Fabrikam',
    roles: ['Billing Admin'],
    defaultBillingFlag: true,
  },
];

const PERSONA_COMPANIES = [
  { name: 'Northwind Traders', identifier: 'NorthwindTraders', currencyIndex: 0 },
  { name: 'Contoso', identifier: 'Contoso', currencyIndex: 0 },
  { name: 'Fabrikam', identifier: 'Fabrikam', currencyIndex: 3 },
] as const;

/** Invoices generated for each persona company, about half open and half paid. */
export const PERSONA_INVOICES_PER_COMPANY = 14;

export const PORTAL_PASSWORD = 'demo';
const DAY_MS = 86_400_000;

/** Generator settings; `ManageSimOptions` documents each count. */
export interface GenerateOptions {
  seed: number;
  companies: number;
  contacts: number;
  invoices: number;
  personas: boolean;
  /** Reference day `YYYY-MM-DD` that due dates are spread around; defaults to today (UTC). */
  today?: string;
}

/** The whole simulated Manage database. */
export interface SimData {
  seed: number;
  /** UTC midnight of the reference day, epoch ms. */
  todayMs: number;
  companies: Company[];
  contacts: Contact[];
  invoices: InvoiceTable;
}

/** Generates the data set; the same options always give the same data. */
export function generateData(options: GenerateOptions): SimData {
  const random = createRandom(options.seed);
  const todayMs = startOfDay(options.today);
  const companies: Company[] = [];
  const contacts: Contact[] = [];

  if (options.personas) addPersonaCompanies(companies, contacts, todayMs);
  const personaCompanyCount = companies.length;
  addCompanies(random, companies, options.companies, todayMs);
  addContacts(random, companies, contacts, personaCompanyCount, options.contacts, todayMs);

  const personaInvoices = personaCompanyCount * PERSONA_INVOICES_PER_COMPANY;
  const invoices = new InvoiceTable(personaInvoices + options.invoices, options.seed, todayMs);
  const generatedCompanies = companies.length - personaCompanyCount;
  for (let i = 0; i < personaInvoices; i += 1) {
    const companyIndex = Math.floor(i / PERSONA_INVOICES_PER_COMPANY);
    const forceOpen = i % PERSONA_INVOICES_PER_COMPANY < 6;
    invoices.generate(random, companies[companyIndex] as Company, forceOpen ? 'open' : 'paid');
  }
  for (let i = 0; i < options.invoices; i += 1) {
    const companyIndex =
      generatedCompanies > 0
        ? personaCompanyCount + skewedIndex(random, generatedCompanies)
        : random.int(0, Math.max(0, companies.length - 1));
    const company = companies[companyIndex];
    if (company === undefined) break;
    invoices.generate(random, company, 'any');
  }

  return { seed: options.seed, todayMs, companies, contacts, invoices };
}

function startOfDay(day: string | undefined): number {
  if (day !== undefined) {
    const parsed = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(parsed)) throw new Error(`today must be YYYY-MM-DD, got "${day}".`);
    return parsed;
  }
  const now = Date.now();
  return now - (now % DAY_MS);
}

/** Some companies get far more invoices than others, as on a real site. */
function skewedIndex(random: Random, size: number): number {
  const r = random.next();
  return Math.min(size - 1, Math.floor(r * r * size));
}

function secondsAgo(random: Random, todayMs: number, maxDays: number): number {
  const offset = random.int(1, maxDays * 86_400);
  return todayMs - offset * 1000;
}

function addPersonaCompanies(companies: Company[], contacts: Contact[], todayMs: number): void {
  for (const spec of PERSONA_COMPANIES) {
    const id = companies.length + 1;
    companies.push({
      id,
      identifier: spec.identifier,
      name: spec.name,
      statusId: 1,
      typeId: 1,
      defaultContactId: null,
      billingContactId: null,
      billToCompanyId: id,
      currencyIndex: spec.currencyIndex,
      deletedFlag: false,
      lastUpdated: todayMs - 30 * DAY_MS,
    });
  }

  for (const persona of PERSONAS) {
    const company = companies.find((candidate) => candidate.name === persona.company) as Company;
    const [first = '', last = ''] = persona.email.split('@')[0]?.split('.') ?? [];
    const contact = makeContact(
      contacts.length + 1,
      capitalise(first),
      capitalise(last),
      company.id,
    );
    contact.defaultBillingFlag = persona.defaultBillingFlag;
    contact.defaultFlag = company.defaultContactId === null;
    contact.portalRoles = [...persona.roles];
    contact.portalSecurityLevel = securityLevelFor(persona.roles);
    contact.lastUpdated = todayMs - 20 * DAY_MS;
    contact.communicationItems = [
      { id: contact.id * 10 + 1, typeName: 'Email', value: persona.email, defaultFlag: true },
      {
        id: contact.id * 10 + 2,
        typeName: 'Direct',
        value: `555-01${String(contact.id).padStart(2, '0')}`,
        defaultFlag: true,
      },
    ];
    contacts.push(contact);
    if (company.defaultContactId === null) company.defaultContactId = contact.id;
    if (company.billingContactId === null && persona.defaultBillingFlag)
      company.billingContactId = contact.id;
  }
}

function addCompanies(random: Random, companies: Company[], count: number, todayMs: number): void {
  const usedIdentifiers = new Set(companies.map((company) => company.identifier));
  for (let i = 0; i < count; i += 1) {
    const id = companies.length + 1;
    const name = companyName(random);
    let identifier = name.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 25);
    if (usedIdentifiers.has(identifier)) identifier = `${identifier.slice(0, 20)}${id}`;
    usedIdentifiers.add(identifier);
    const billsElsewhere = companies.length > 3 && random.chance(0.04);

    companies.push({
      id,
      identifier,
      name,
      statusId: random.chance(0.9) ? 1 : random.pick([2, 3]),
      typeId: random.chance(0.85) ? 1 : random.pick([2, 3]),
      defaultContactId: null,
      billingContactId: null,
      billToCompanyId: billsElsewhere ? random.int(1, companies.length) : id,
      currencyIndex: random.chance(0.7) ? 0 : random.int(1, CURRENCIES.length - 1),
      deletedFlag: random.chance(0.03),
      lastUpdated: secondsAgo(random, todayMs, 700),
    });
  }
}

function companyName(random: Random): string {
  const suffix = random.pick(COMPANY_SUFFIXES);
  const base = `${random.pick(COMPANY_FIRST_WORDS)} ${random.pick(COMPANY_SECOND_WORDS)}`;
  return suffix === '' ? base : `${base} ${suffix}`;
}

function addContacts(
  random: Random,
  companies: Company[],
  contacts: Contact[],
  firstGenerated: number,
  count: number,
  todayMs: number,
): void {
  const generated = companies.length - firstGenerated;
  if (generated === 0) return;
  let shared: { email: string; companyId: number } | null = null;
  let sharedTwice = false;

  for (let i = 0; i < count; i += 1) {
    // Every company gets one contact first, then the rest are spread at random.
    const companyIndex =
      i < generated ? firstGenerated + i : firstGenerated + random.int(0, generated - 1);
    const company = companies[companyIndex] as Company;
    const contact = makeContact(
      contacts.length + 1,
      random.pick(FIRST_NAMES),
      random.pick(LAST_NAMES),
      company.id,
    );
    const first = company.defaultContactId === null;

    contact.defaultFlag = first;
    contact.defaultBillingFlag = first && random.chance(0.95);
    contact.inactiveFlag = !first && random.chance(0.06);
    contact.disablePortalLoginFlag = random.chance(0.03);
    contact.portalRoles =
      contact.defaultBillingFlag || random.chance(0.1) ? ['Billing Admin'] : ['Viewer'];
    contact.portalSecurityLevel = securityLevelFor(contact.portalRoles);
    contact.lastUpdated = secondsAgo(random, todayMs, 500);
    contact.communicationItems = communicationItemsFor(random, contact, company);

    // One address shared by contacts of two different companies, as happens with bookkeepers.
    const email = defaultEmail(contact);
    if (shared === null && email !== null) {
      shared = { email, companyId: company.id };
    } else if (
      !sharedTwice &&
      shared !== null &&
      email !== null &&
      company.id !== shared.companyId
    ) {
      setDefaultEmail(contact, shared.email);
      sharedTwice = true;
    }

    contacts.push(contact);
    if (first) company.defaultContactId = contact.id;
    if (contact.defaultBillingFlag && company.billingContactId === null)
      company.billingContactId = contact.id;
  }
}

function communicationItemsFor(
  random: Random,
  contact: Contact,
  company: Company,
): CommunicationItem[] {
  const items: CommunicationItem[] = [];
  const nextId = () => contact.id * 10 + items.length + 1;
  const domain = `${company.identifier.toLowerCase().replace(/[^a-z0-9]/g, '') || 'company'}.example`;
  const local = `${contact.firstName}.${contact.lastName}`.replace(/[^\p{L}\p{N}.]/gu, '');

  if (!random.chance(0.05)) {
    let value = `${local.toLowerCase()}@${domain}`;
    if (random.chance(0.1)) value = `${local}@${domain.toUpperCase()}`;
    if (random.chance(0.3)) value = value.normalize('NFD').replace(/\p{M}/gu, '');
    items.push({ id: nextId(), typeName: 'Email', value, defaultFlag: true });
    if (random.chance(0.15)) {
      const second = `${contact.firstName.toLowerCase().slice(0, 1)}${contact.lastName.toLowerCase()}@billing.${domain}`;
      items.push({ id: nextId(), typeName: 'Email', value: second, defaultFlag: false });
    }
  }
  items.push({
    id: nextId(),
    typeName: 'Direct',
    value: `555-${random.int(100, 999)}-${random.int(1000, 9999)}`,
    defaultFlag: true,
  });
  if (random.chance(0.4)) {
    items.push({
      id: nextId(),
      typeName: 'Cell',
      value: `555-${random.int(100, 999)}-${random.int(1000, 9999)}`,
      defaultFlag: false,
    });
  }
  return items;
}

function makeContact(id: number, firstName: string, lastName: string, companyId: number): Contact {
  return {
    id,
    firstName,
    lastName,
    companyId,
    inactiveFlag: false,
    defaultFlag: false,
    defaultBillingFlag: false,
    portalSecurityLevel: 1,
    disablePortalLoginFlag: false,
    communicationItems: [],
    portalRoles: [],
    portalPassword: PORTAL_PASSWORD,
    mergedIntoId: null,
    lastUpdated: 0,
  };
}

/**
 * Maps portal roles to a Manage portal security level (1 to 6, 6 the widest). The
 * simulator invents this mapping; on a real site an administrator configures it.
 */
function securityLevelFor(roles: readonly string[]): number {
  return roles.includes('Billing Admin') ? 6 : 1;
}

function capitalise(word: string): string {
  return word.slice(0, 1).toUpperCase() + word.slice(1);
}

/** Returns the value of the contact's default email item, or null when it has none. */
export function defaultEmail(contact: Contact): string | null {
  const emails = contact.communicationItems.filter((item) => item.typeName === 'Email');
  return (emails.find((item) => item.defaultFlag) ?? emails[0])?.value ?? null;
}

function setDefaultEmail(contact: Contact, value: string): void {
  const item = contact.communicationItems.find(
    (candidate) => candidate.typeName === 'Email' && candidate.defaultFlag,
  );
  if (item !== undefined) item.value = value;
}
