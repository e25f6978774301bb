// The listable REST entities: their filterable fields and JSON shapes.
import type { Company, Contact, SimData } from './data.js';
import type { Collection } from './paging.js';
import { revisionOf } from './revision.js';
import { companyJson, contactJson, invoiceJson } from './serialize.js';

/** Builds the three listable collections, keyed by their REST path. */
export function buildCollections(data: SimData): Record<string, Collection<unknown>> {
  const companies: Collection<Company> = {
    name: 'company',
    fields: {
      id: { type: 'number', get: (row) => row.id },
      identifier: { type: 'string', get: (row) => row.identifier },
      name: { type: 'string', get: (row) => row.name },
      deletedFlag: { type: 'boolean', get: (row) => row.deletedFlag },
      lastUpdated: { type: 'datetime', get: (row) => row.lastUpdated },
      '_info/lastUpdated': { type: 'datetime', get: (row) => row.lastUpdated },
    },
    size: () => data.companies.length,
    at: (i) => data.companies[i] ?? null,
    idAt: (i) => data.companies[i]?.id ?? Infinity,
    lastUpdatedAt: (i) => data.companies[i]?.lastUpdated ?? Infinity,
    hidesRows: false,
    revision: () => revisionOf(data),
    id: (row) => row.id,
    lastUpdated: (row) => row.lastUpdated,
    toJson: (row) => companyJson(data, row),
  };
  const contacts: Collection<Contact> = {
    name: 'contact',
    fields: {
      id: { type: 'number', get: (row) => row.id },
      'company/id': { type: 'number', get: (row) => row.companyId },
      inactiveFlag: { type: 'boolean', get: (row) => row.inactiveFlag },
      defaultBillingFlag: { type: 'boolean', get: (row) => row.defaultBillingFlag },
      lastUpdated: { type: 'datetime', get: (row) => row.lastUpdated },
      '_info/lastUpdated': { type: 'datetime', get: (row) => row.lastUpdated },
    },
    size: () => data.contacts.length,
    at: (i) => {
      const contact = data.contacts[i];
      return contact === undefined || contact.mergedIntoId !== null ? null : contact;
    },
    idAt: (i) => data.contacts[i]?.id ?? Infinity,
    lastUpdatedAt: (i) => data.contacts[i]?.lastUpdated ?? Infinity,
    hidesRows: true,
    revision: () => revisionOf(data),
    id: (row) => row.id,
    lastUpdated: (row) => row.lastUpdated,
    toJson: (row) => contactJson(data, row),
  };
  const table = data.invoices;
  const invoices: Collection<number> = {
    name: 'invoice',
    fields: {
      id: { type: 'number', get: (i) => i + 1 },
      'company/id': { type: 'number', get: (i) => table.companyId[i]! },
      lastUpdated: { type: 'datetime', get: (i) => table.lastUpdated[i]! },
      '_info/lastUpdated': { type: 'datetime', get: (i) => table.lastUpdated[i]! },
    },
    size: () => table.count,
    at: (i) => i,
    idAt: (i) => i + 1,
    lastUpdatedAt: (i) => table.lastUpdated[i]!,
    hidesRows: false,
    revision: () => revisionOf(data),
    id: (i) => i + 1,
    lastUpdated: (i) => table.lastUpdated[i]!,
    toJson: (i) => invoiceJson(data, table.row(i)),
  };
  return {
    'company/companies': companies as Collection<unknown>,
    'company/contacts': contacts as Collection<unknown>,
    'finance/invoices': invoices as Collection<unknown>,
  };
}
