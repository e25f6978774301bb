import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  chromiumPath,
  launchChromium,
  startDemoStack,
  type DemoStack,
} from './harness.js';

const executablePath = chromiumPath();

// The whole path a customer takes, in real Chromium: sign in to the simulated Customer
// Portal, open Payments, and get either the invoices or a plain-words explanation inside
// the Billfold iframe, which the portal serves from another site.
describe.skipIf(executablePath === null)('customer portal personas', () => {
  let stack: DemoStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startDemoStack();
    browser = await launchChromium(executablePath as string);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function openPayments(
    email: string,
    company?: string,
  ): Promise<{ page: Page; frame: Frame }> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.simUrl}/portal/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'demo');
    await Promise.all([page.waitForLoadState('load'), page.press('input[name=password]', 'Enter')]);
    if (company !== undefined) {
      await page
        .getByRole('button', { name: company })
        .or(page.getByRole('link', { name: company }))
        .first()
        .click();
      await page.waitForLoadState('load');
    }
    await page.goto(`${stack.simUrl}/portal/payments`);
    const frameElement = await page.waitForSelector('iframe[name=billfold]');
    const frame = await frameElement.contentFrame();
    if (frame === null) throw new Error('The Payments page has no Billfold iframe content.');
    return { page, frame };
  }

  async function invoiceNumbersOf(companyName: string): Promise<Set<string>> {
    const rows = await stack.ctx.db
      .selectFrom('invoices')
      .innerJoin('companies', 'companies.id', 'invoices.company_id')
      .select('invoices.invoice_number')
      .where('invoices.tenant_id', '=', stack.tenantId)
      .where('companies.name', '=', companyName)
      .execute();
    return new Set(rows.map((row) => row.invoice_number));
  }

  async function listedInvoiceNumbers(frame: Frame): Promise<string[]> {
    await frame.waitForSelector('billfold-invoices table tbody tr', { timeout: 20_000 });
    const texts = await frame
      .locator(
        'billfold-invoices table tbody tr th, billfold-invoices table tbody tr td:first-child',
      )
      .allInnerTexts();
    return texts.map((text) => text.trim()).filter((text) => text !== '');
  }

  async function expectInvoicesOf(email: string, companyName: string, company?: string) {
    const { page, frame } = await openPayments(email, company);
    const own = await invoiceNumbersOf(companyName);
    const listed = await listedInvoiceNumbers(frame);

    expect(own.size).toBeGreaterThan(0);
    expect(listed.length).toBeGreaterThan(0);
    for (const number of listed) {
      expect(own.has(number), `invoice ${number} belongs to ${companyName}`).toBe(true);
    }
    await page.screenshot({ path: path.join(artifactsDir('e2e'), `${email}-${companyName}.png`) });
    await page.context().close();
  }

  async function expectRejected(email: string, code: string) {
    const { page, frame } = await openPayments(email);
    const container = await frame.waitForSelector('[data-reasons]', { timeout: 20_000 });
    const reasons = ((await container.getAttribute('data-reasons')) ?? '').split(/\s+/);
    const text = await frame.locator('body').innerText();

    expect(reasons).toContain(code);
    expect(text).toMatch(/billing access is not set up/i);
    expect(text).toContain(code);
    expect(await frame.locator('input[type=password]').count()).toBe(0);
    await page.screenshot({ path: path.join(artifactsDir('e2e'), `${email}.png`) });
    await page.context().close();
  }

  it('Ada sees only Northwind invoices', async () => {
    await expectInvoicesOf('ada.admin@northwind.example', 'Northwind Traders');
  });

  it('Rex is told access_revoked', async () => {
    await expectRejected('rex.revoked@northwind.example', 'access_revoked');
  });

  it('Nora is told missing_billing_role', async () => {
    await expectRejected('nora.norole@northwind.example', 'missing_billing_role');
  });

  it('Ivan is told internal_user_conflict', async () => {
    await expectRejected('ivan.internal@northwind.example', 'internal_user_conflict');
  });

  it('Sam sees Contoso invoices in Contoso', async () => {
    await expectInvoicesOf('sam.shared@contoso.example', 'Contoso', 'Contoso');
  });

  it('Sam sees Fabrikam invoices in Fabrikam', async () => {
    await expectInvoicesOf('sam.shared@contoso.example', 'Fabrikam', 'Fabrikam');
  });
});
