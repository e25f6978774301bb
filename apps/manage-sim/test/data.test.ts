import { describe, expect, it } from 'vitest';
import { PERSONAS, generateData, defaultEmail } from '../src/data.js';
import { apiGet, buildSmallSim } from './helpers.js';

const OPTIONS = {
  seed: 5,
  companies: 30,
  contacts: 120,
  invoices: 800,
  personas: true,
  today: '2026-12-01',
};

describe('generateData', () => {
  it('is deterministic by seed', () => {
    const a = generateData(OPTIONS);
    const b = generateData(OPTIONS);
    const c = generateData({ ...OPTIONS, seed: 6 });
    expect(b.companies).toEqual(a.companies);
    expect(b.contacts).toEqual(a.contacts);
    expect(b.invoices.row(700)).toEqual(a.invoices.row(700));
    expect(c.companies.map((company) => company.name)).not.toEqual(
      a.companies.map((company) => company.name),
    );
  });

  it('generates the requested counts plus the personas', () => {
    const data = generateData(OPTIONS);
    expect(data.companies).toHaveLength(33);
    expect(data.contacts).toHaveLength(120 + PERSONAS.length);
    expect(data.invoices.count).toBe(800 + 3 * 14);
  });

  it('pins the personas with their flags', () => {
    const data = generateData(OPTIONS);
    for (const persona of PERSONAS) {
      const contact = data.contacts.find(
        (candidate) =>
          defaultEmail(candidate) === persona.email &&
          data.companies[candidate.companyId - 1]?.name === persona.company,
      );
      expect(contact, persona.email).toBeDefined();
      expect(contact?.defaultBillingFlag).toBe(persona.defaultBillingFlag);
      expect(contact?.portalRoles).toEqual(persona.roles);
      expect(contact?.inactiveFlag).toBe(false);
    }
  });

  it('gives each persona company open and paid invoices', () => {
    const data = generateData(OPTIONS);
    for (const companyId of [1, 2, 3]) {
      const rows = Array.from({ length: data.invoices.count }, (_, i) =>
        data.invoices.row(i),
      ).filter((row) => row.companyId === companyId);
      expect(rows.length).toBeGreaterThanOrEqual(12);
      expect(rows.some((row) => row.balanceCents > 0)).toBe(true);
      expect(rows.some((row) => row.balanceCents === 0)).toBe(true);
    }
  });

  it('includes the awkward cases sync must handle', () => {
    const data = generateData({ ...OPTIONS, companies: 200, contacts: 2000, invoices: 5000 });
    const rows = Array.from({ length: data.invoices.count }, (_, i) => data.invoices.row(i));
    const emails = data.contacts.map((contact) => defaultEmail(contact));
    expect(data.contacts.some((contact) => contact.inactiveFlag)).toBe(true);
    expect(emails.some((email) => email === null)).toBe(true);
    expect(data.companies.some((company) => company.deletedFlag)).toBe(true);
    const generatedEmails = data.contacts
      .slice(PERSONAS.length)
      .map((contact) => defaultEmail(contact));
    const shared = generatedEmails.filter(
      (email, index) => email !== null && generatedEmails.indexOf(email) !== index,
    );
    expect(shared.length).toBeGreaterThan(0);
    expect(emails.some((email) => email !== null && email !== email.toLowerCase())).toBe(true);
    expect(emails.some((email) => email !== null && /[^ -~]/.test(email))).toBe(true);
    expect(
      data.contacts.some(
        (contact) =>
          contact.communicationItems.filter((item) => item.typeName === 'Email').length > 1,
      ),
    ).toBe(true);
    expect(new Set(data.companies.map((company) => company.currencyIndex)).size).toBe(5);
    expect(rows.some((row) => row.type === 'Credit Memo')).toBe(true);
    expect(rows.some((row) => row.paymentsCents > 0 && row.balanceCents > 0)).toBe(true);
    expect(rows.some((row) => row.balanceCents > 0 && row.dueDate < data.todayMs)).toBe(true);
    expect(rows.some((row) => row.dueDate > data.todayMs)).toBe(true);
  });
});

describe('mutations', () => {
  it('bumps lastUpdated of what changed', async () => {
    const sim = await buildSmallSim();
    const before = Date.now() - 1000;
    const result = sim.mutate({ fraction: 0.1, seed: 2 });
    expect(result.invoices.length).toBe(34);
    expect(result.companies.length).toBe(1);

    const since = new Date(before).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const changed = (
      await apiGet(
        sim,
        `finance/invoices?pageSize=1000&conditions=${encodeURIComponent(`lastUpdated > [${since}]`)}`,
      )
    ).json() as { id: number }[];
    expect(changed.map((row) => row.id)).toEqual(result.invoices);
    await sim.app.close();
  });

  it('soft-deletes a company and hides a merged contact', async () => {
    const sim = await buildSmallSim();
    sim.deleteCompany(5);
    expect((await apiGet(sim, 'company/companies/5')).json().deletedFlag).toBe(true);

    sim.mergeContact(10, 11);
    expect((await apiGet(sim, 'company/contacts/10')).statusCode).toBe(404);
    const ids = (
      (await apiGet(sim, 'company/contacts?pageSize=1000')).json() as { id: number }[]
    ).map((row) => row.id);
    expect(ids).not.toContain(10);
    expect(ids).toContain(11);
    await sim.app.close();
  });
});
