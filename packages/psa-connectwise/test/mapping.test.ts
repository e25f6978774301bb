import { describe, expect, it } from 'vitest';
import {
  mapInvoiceLines,
  mapInvoicePayments,
  mapCompany,
  mapContact,
  mapInvoice,
  pickEmail,
  toIsoDate,
  toMinorUnits,
} from '../src/index.js';

describe('mapping', () => {
  it('maps companies', () => {
    const row = mapCompany({
      id: 7,
      identifier: 'Northwind',
      name: 'Northwind Traders',
      status: { id: 1, name: 'Active' },
      currency: { currencyCode: 'EUR' },
      deletedFlag: true,
      _info: { lastUpdated: '2026-03-01T10:00:00Z' },
    });
    expect(row).toEqual({
      psa_id: 7,
      identifier: 'Northwind',
      name: 'Northwind Traders',
      status: 'Active',
      currency: 'EUR',
      deleted: 1,
      psa_updated_at: Date.parse('2026-03-01T10:00:00Z'),
    });
  });

  it('picks the default email item', () => {
    const items = [
      { value: '555-1234', communicationType: 'Phone', defaultFlag: true },
      { value: 'first@x.example', communicationType: 'Email' },
      { value: 'Default@X.example ', type: { id: 1, name: 'Email' }, defaultFlag: true },
    ];
    expect(pickEmail(items)).toBe('Default@X.example ');
    expect(pickEmail(items.slice(0, 2))).toBe('first@x.example');
    expect(pickEmail([])).toBeNull();
    expect(pickEmail(undefined)).toBeNull();
  });

  it('maps contacts', () => {
    const row = mapContact({
      id: 3,
      firstName: 'Ada',
      lastName: 'Admin',
      company: { id: 7 },
      inactiveFlag: false,
      defaultBillingFlag: true,
      portalSecurityLevel: 6,
      communicationItems: [
        { value: ' Ada@Northwind.Example', communicationType: 'Email', defaultFlag: true },
      ],
      _info: { lastUpdated: '2026-03-01T10:00:00Z' },
    });
    expect(row).toMatchObject({
      psa_id: 3,
      psa_company_id: 7,
      email: ' Ada@Northwind.Example',
      email_normalized: 'ada@northwind.example',
      inactive: 0,
      default_billing: 1,
      portal_security_level: '6',
      deleted: 0,
    });
    expect(mapContact({ id: 4 })).toMatchObject({
      psa_company_id: null,
      email: null,
      first_name: '',
    });
  });

  it('maps invoices', () => {
    const row = mapInvoice({
      id: 11,
      invoiceNumber: 'INV-11',
      type: 'Standard',
      status: { id: 2, name: 'Sent', isClosed: false },
      company: { id: 7 },
      date: '2026-10-31T00:00:00Z',
      dueDate: '2026-11-30T00:00:00Z',
      currency: { currencyCode: 'GBP' },
      subtotal: 100.1,
      salesTax: 8.255,
      total: 108.36,
      payments: 0,
      credits: 0,
      balance: 108.36,
      customerPO: 'PO-1',
      _info: { lastUpdated: '2026-11-01T00:00:00Z' },
    });
    expect(row).toMatchObject({
      psa_company_id: 7,
      invoice_date: '2026-10-31',
      due_date: '2026-11-30',
      currency: 'GBP',
      subtotal: 10010,
      sales_tax: 826,
      total: 10836,
      balance: 10836,
      is_closed: 0,
      customer_po: 'PO-1',
    });
  });

  it('converts money and dates', () => {
    expect(toMinorUnits(0.1 + 0.2)).toBe(30);
    expect(toMinorUnits(-12.345)).toBe(-1235);
    expect(toMinorUnits(undefined)).toBe(0);
    expect(toIsoDate('2026-11-30T00:00:00Z')).toBe('2026-11-30');
    expect(toIsoDate(undefined)).toBe('');
  });

  it('maps lines and payments', () => {
    const lines = mapInvoiceLines([
      { id: 5, description: 'Support', quantity: 2, price: 49.995, extendedPrice: 99.99 },
      { id: 6, quantity: 3, price: 1.5 },
    ]);
    expect(lines).toEqual([
      { line_no: 1, description: 'Support', quantity: 2, unit_price: 5000, amount: 9999 },
      { line_no: 2, description: '', quantity: 3, unit_price: 150, amount: 450 },
    ]);
    const payments = mapInvoicePayments([
      { id: 9, type: 'Check', amount: 10.5, paymentDate: '2026-11-02T00:00:00Z' },
    ]);
    expect(payments).toEqual([{ psa_id: 9, paid_on: '2026-11-02', amount: 1050, method: 'Check' }]);
  });
});
