import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, ensureDefaultProfiles, type Tenant } from '@billfold/db';
import { createTestDatabase, type TestDatabase } from '@billfold/db/testing';
import type { Browser, Page } from 'playwright-core';
import { createInternalUser } from '../../src/admin/passwords.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { createAppContext } from '../../src/index.js';
import { startPortal, type RunningPortal } from '../../src/server.js';
import {
  createCompany,
  createContact,
  createKeys,
  type Harness,
  type TestKeys,
} from '../support/fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'admin');
const ADMIN_EMAIL = 'admin@msp.example';
const ADMIN_PASSWORD = 'browser test password';

if (!HAS_CHROMIUM) {
  console.warn(
    `Skipping the admin console browser tests: no Chromium at ${CHROMIUM}. ` +
      'Install it with `apt-get install chromium` or set CHROMIUM_PATH.',
  );
}

describe.skipIf(!HAS_CHROMIUM)('admin console in chromium', () => {
  let database: TestDatabase;
  let ctx: AppContext;
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let tenant: Tenant;
  let keys: TestKeys;
  let profiles: { revokeId: number; adminId: number };
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase('sqlite');
    ctx = await createAppContext({
      ...loadConfig({}),
      databaseUrl: database.url,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
    });
    portal = await startPortal({ ctx, handleSignals: false });
    origin = `http://127.0.0.1:${portal.port}`;
    keys = await createKeys('browser-key');

    const now = ctx.now();
    tenant = await createTenant(ctx.db, {
      slug: 'browser',
      name: 'Browser MSP',
      portalOrigin: origin,
      now,
    });
    profiles = await ensureDefaultProfiles(ctx.db, tenant.id, now);
    await createInternalUser(ctx.db, {
      tenantId: tenant.id,
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
      role: 'master',
    });
    await seedContacts();

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // CSP violations and script errors reach the console as errors. Failed HTTP responses
    // do too, so those are skipped here: a bad save returns 400 on purpose.
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
        consoleErrors.push(text);
      }
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) => {
      const missing = response.status() === 404 && !response.url().endsWith('/favicon.ico');
      if (missing) consoleErrors.push(`404 ${response.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await ctx?.database.close();
    await database?.dispose();
  });

  // Three default billing contacts at Revoke Access, one already at Admin, and Rex, who is
  // not a default billing contact and so keeps Revoke Access through the bulk update.
  async function seedContacts(): Promise<void> {
    const fake = { ctx } as unknown as Harness;
    const company = await createCompany(fake, tenant.id, 9001, 'Northwind Traders');
    const people: [number, string, string, number][] = [
      [5001, 'Ada', 'ada.admin@northwind.example', profiles.revokeId],
      [5002, 'Bea', 'bea.billing@northwind.example', profiles.revokeId],
      [5003, 'Cal', 'cal.clerk@northwind.example', profiles.revokeId],
      [5004, 'Dee', 'dee.done@northwind.example', profiles.adminId],
      [5005, 'Rex', 'rex.revoked@northwind.example', profiles.revokeId],
    ];
    for (const [psaId, firstName, email, profileId] of people) {
      await createContact(fake, {
        tenantId: tenant.id,
        psaId,
        companyId: company,
        psaCompanyId: 9001,
        email,
        profileId,
        firstName,
      });
    }
    await ctx.db
      .updateTable('contacts')
      .set({ default_billing: 0 })
      .where('tenant_id', '=', tenant.id)
      .where('psa_id', '=', 5005)
      .execute();
  }

  async function shoot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  async function profileOf(psaId: number): Promise<number> {
    const row = await ctx.db
      .selectFrom('contacts')
      .select('profile_id')
      .where('tenant_id', '=', tenant.id)
      .where('psa_id', '=', psaId)
      .executeTakeFirstOrThrow();
    return Number(row.profile_id);
  }

  it('signs in', async () => {
    await page.goto(`${origin}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await shoot('sign-in');
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL(/\/admin\/sso$/);

    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === '__Host-billfold_admin');
    expect(session?.httpOnly).toBe(true);
    expect(session?.secure).toBe(true);
    expect(session?.sameSite).toBe('Strict');
  });

  it('enables sso with connectwise portal', async () => {
    await page.getByTestId('sso-enabled').check();
    await page.getByTestId('sso-provider').selectOption({ label: 'ConnectWise Portal' });
    await page.getByTestId('sso-host-origins').fill('https://HOST.example:443/');
    await page.getByTestId('sso-issuer-0').fill('https://manage.host.example');
    await page.getByTestId('sso-jwks-0').fill(JSON.stringify(keys.jwks));
    await page.getByTestId('sso-alg-0-ES256').check();
    await page.getByTestId('sso-save').click();
    await expect.poll(() => ssoEnabled(), { timeout: 10_000 }).toBe(1);
    await shoot('single-sign-on');

    const origins = await ctx.db
      .selectFrom('tenant_host_origins')
      .select('origin')
      .where('tenant_id', '=', tenant.id)
      .execute();
    expect(origins.map((row) => row.origin)).toEqual(['https://host.example']);
  });

  async function ssoEnabled(): Promise<number> {
    const row = await ctx.db
      .selectFrom('tenants')
      .select(['sso_enabled', 'sso_provider'])
      .where('id', '=', tenant.id)
      .executeTakeFirstOrThrow();
    expect(row.sso_provider).toBe('connectwise_portal');
    return Number(row.sso_enabled);
  }

  it('rejects a bad origin with a field error', async () => {
    await page.getByTestId('sso-host-origins').fill('https://host.example/path');
    await page.getByTestId('sso-save').click();
    const field = page.getByTestId('sso-host-origins');
    await expect.poll(() => field.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('error')) ?? '';
    expect(await page.locator(`#${errorId}`).textContent()).not.toBe('');
    await shoot('single-sign-on-error');
  });

  it('bulk updates default billing contacts', async () => {
    await page.getByTestId('nav-contacts').click();
    await page.waitForURL(/\/admin\/contacts/);
    await page.getByTestId('bulk-profile').selectOption({ label: 'Admin' });
    await page.getByTestId('bulk-mode-only-revoked').check();
    await page.getByTestId('bulk-preview').click();
    const count = page.getByTestId('bulk-count');
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('3');
    await shoot('client-users-preview');

    await page.getByTestId('bulk-apply').click();
    const updated = page.getByTestId('bulk-updated');
    await expect.poll(() => updated.getAttribute('data-updated'), { timeout: 10_000 }).toBe('3');
    expect(await profileOf(5001)).toBe(profiles.adminId);
    expect(await profileOf(5002)).toBe(profiles.adminId);
    expect(await profileOf(5003)).toBe(profiles.adminId);
    expect(await profileOf(5005)).toBe(profiles.revokeId);
    await shoot('client-users-applied');
  });

  it('diagnosis names access_revoked', async () => {
    await page.getByTestId('nav-diagnose').click();
    await page.waitForURL(/\/admin\/diagnose/);
    await page.getByTestId('diagnose-email').fill('rex.revoked@northwind.example');
    await page.getByTestId('diagnose-submit').click();
    const outcome = page.getByTestId('diagnose-outcome');
    await expect
      .poll(() => outcome.getAttribute('data-eligible'), { timeout: 10_000 })
      .toBe('false');
    const reasons = page.locator('li[data-testid^="diagnose-reason-"]');
    const codes = await reasons.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-testid')),
    );
    expect(codes).toEqual(['diagnose-reason-access_revoked']);
    const link = page.getByTestId('diagnose-reason-access_revoked').locator('a');
    expect(await link.getAttribute('href')).toMatch(/^\/admin\/contacts/);
    await shoot('diagnosis');
  });

  it.each(['profiles', 'activity', 'sync', 'users'])('%s page renders', async (section) => {
    await page.getByTestId(`nav-${section}`).click();
    await page.waitForURL(new RegExp(`/admin/${section}`));
    expect(await page.locator('h1').count()).toBe(1);
    await shoot(section);
  });

  it('pages log no script or CSP errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
