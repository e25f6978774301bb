import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@billfold/db/testing';
import { createCompany, createContact, createInvoice } from '../support/fixture.js';
import { apiGet, launch } from '../support/launch.js';
import { createScenario, type Scenario } from '../support/scenario.js';

const COMPANY_COUNT = 8;
const INVOICES_PER_COMPANY = 4;

interface Customer {
  psaCompanyId: number;
  psaContactId: number;
  invoiceIds: number[];
  token: string;
}

describe.each(testDialects())('company isolation (%s)', (dialect) => {
  let s: Scenario;
  const customers: Customer[] = [];

  beforeAll(async () => {
    s = await createScenario(dialect);
    for (let index = 0; index < COMPANY_COUNT; index += 1) {
      const psaCompanyId = 7000 + index;
      const psaContactId = 8000 + index;
      const companyId = await createCompany(s, s.tenant.id, psaCompanyId);
      await createContact(s, {
        tenantId: s.tenant.id,
        psaId: psaContactId,
        companyId,
        psaCompanyId,
        email: `billing${index}@customer.example`,
        profileId: s.profiles.admin,
      });
      const invoiceIds: number[] = [];
      for (let n = 0; n < INVOICES_PER_COMPANY; n += 1) {
        invoiceIds.push(
          await createInvoice(s, {
            tenantId: s.tenant.id,
            companyId,
            psaId: 70_000 + index * 100 + n,
            dueDate: `2026-03-${String(n + 1).padStart(2, '0')}`,
          }),
        );
      }
      customers.push({ psaCompanyId, psaContactId, invoiceIds, token: '' });
    }
    for (const customer of customers) {
      const session = await launch(s, {
        sub: String(customer.psaContactId),
        email: `billing${customer.psaContactId - 8000}@customer.example`,
        company_id: String(customer.psaCompanyId),
      });
      customer.token = session.token;
    }
  });
  afterAll(async () => {
    await s.close();
  });

  it('each company lists only its own', async () => {
    for (const customer of customers) {
      const response = await apiGet(s, '/api/v1/invoices?limit=100', customer.token);
      const ids = (response.json() as { data: { id: number }[] }).data.map((row) => row.id);
      expect(ids.sort((a, b) => a - b)).toEqual([...customer.invoiceIds].sort((a, b) => a - b));
    }
  });

  it('each company reaches no other invoice', async () => {
    for (const customer of customers) {
      for (const other of customers) {
        if (other === customer) continue;
        for (const id of other.invoiceIds) {
          const detail = await apiGet(s, `/api/v1/invoices/${id}`, customer.token);
          expect(detail.statusCode).toBe(404);
          const pdf = await apiGet(s, `/api/v1/invoices/${id}/pdf`, customer.token);
          expect(pdf.statusCode).toBe(404);
        }
      }
    }
  });

  it('own invoices open', async () => {
    for (const customer of customers) {
      const id = customer.invoiceIds[0];
      expect((await apiGet(s, `/api/v1/invoices/${id}`, customer.token)).statusCode).toBe(200);
    }
  });
});
