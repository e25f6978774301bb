import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  chromiumPath,
  launchChromium,
  startDemoStack,
  type DemoStack,
} from './harness.js';

const executablePath = chromiumPath();
const ADA = 'ada.admin@northwind.example';

// An MSP admin's first day, across both sites: SSO starts off and every synced contact
// at Revoke Access, so Ada is turned away. The admin enables SSO with the ConnectWise
// Portal provider and gives default billing contacts the Admin profile in bulk, and then
// Ada opens Payments in the simulated Customer Portal and sees her invoices.
describe.skipIf(executablePath === null)('first day of an MSP admin', () => {
  let stack: DemoStack;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    stack = await startDemoStack({ grantDefaultBilling: false });
    await stack.ctx.db
      .updateTable('tenants')
      .set({ sso_enabled: 0 })
      .where('id', '=', stack.tenantId)
      .execute();
    // The portal may have cached the tenant while the stack started. A change made outside
    // the admin console would otherwise show only after the cache period.
    stack.ctx.tenantCache.clear();
    browser = await launchChromium(executablePath as string);
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function openPaymentsAs(email: string) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.simUrl}/portal/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'demo');
    await Promise.all([page.waitForLoadState('load'), page.press('input[name=password]', 'Enter')]);
    await page.goto(`${stack.simUrl}/portal/payments`);
    const frame = await (await page.waitForSelector('iframe[name=billfold]')).contentFrame();
    if (frame === null) throw new Error('The Payments page has no Billfold iframe content.');
    return { page, frame };
  }

  async function shoot(name: string) {
    await admin.screenshot({ path: path.join(artifactsDir('e2e'), `first-day-${name}.png`) });
  }

  it('turns Ada away before set-up', async () => {
    const { page, frame } = await openPaymentsAs(ADA);
    const reasons = await (
      await frame.waitForSelector('[data-reasons]')
    ).getAttribute('data-reasons');

    expect(reasons?.split(' ')).toContain('sso_disabled');
    expect(reasons?.split(' ')).toContain('access_revoked');
    await page.context().close();
  });

  it('admin enables SSO with ConnectWise Portal', async () => {
    await admin.goto(`${stack.portalUrl}/admin`);
    await admin.getByTestId('login-email').fill('admin@msp.example');
    await admin.getByTestId('login-password').fill(stack.adminPassword);
    await admin.getByTestId('login-password').press('Enter');
    await admin.waitForURL(/\/admin\/sso$/);

    await admin.getByTestId('sso-enabled').check();
    await admin.getByTestId('sso-provider').selectOption({ label: 'ConnectWise Portal' });
    await admin.getByTestId('sso-save').click();
    await expect
      .poll(
        async () => {
          const tenant = await stack.ctx.db
            .selectFrom('tenants')
            .select('sso_enabled')
            .where('id', '=', stack.tenantId)
            .executeTakeFirstOrThrow();
          return tenant.sso_enabled;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    await shoot('sso');
  });

  it('admin gives default billing contacts Admin', async () => {
    await admin.getByTestId('nav-contacts').click();
    await admin.waitForURL(/\/admin\/contacts/);
    await admin.getByTestId('bulk-profile').selectOption({ label: 'Admin' });
    await admin.getByTestId('bulk-mode-only-revoked').check();
    await admin.getByTestId('bulk-preview').click();
    const count = admin.getByTestId('bulk-count');
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).not.toBeNull();
    const previewed = Number(await count.getAttribute('data-count'));

    await admin.getByTestId('bulk-apply').click();
    const updated = admin.getByTestId('bulk-updated');
    await expect
      .poll(() => updated.getAttribute('data-updated'), { timeout: 10_000 })
      .not.toBeNull();

    expect(previewed).toBeGreaterThan(0);
    expect(Number(await updated.getAttribute('data-updated'))).toBe(previewed);
    await shoot('bulk-update');
  });

  it('Ada then sees her invoices', async () => {
    const { page, frame } = await openPaymentsAs(ADA);
    await frame.waitForSelector('billfold-invoices table tbody tr', { timeout: 20_000 });
    const rows = await frame.locator('billfold-invoices table tbody tr').count();

    expect(rows).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir('e2e'), 'first-day-ada.png') });
    await page.context().close();
  });

  it('Rex stays at Revoke Access', async () => {
    const { page, frame } = await openPaymentsAs('rex.revoked@northwind.example');
    const reasons = await (
      await frame.waitForSelector('[data-reasons]')
    ).getAttribute('data-reasons');

    expect(reasons?.split(' ')).toEqual(['access_revoked']);
    await page.context().close();
  });
});
