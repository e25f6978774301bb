// Browser tests of <billfold-invoices> in real Chromium, against the fixture server's API.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { artifactsDir, chromiumAvailable, launchChromium } from '../../../test/support/browser.js';
import { buildAccount, buildInvoice } from '../../../test/support/fixtures.js';
import { startFixtureServer, type FixtureServer } from '../../../test/support/fixture-server.js';
import { element, page as testPage, widgetPage } from '../../../test/support/pages.js';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

let browser: Browser;
let server: FixtureServer;
let context: BrowserContext;
let page: Page;
let pageCount = 0;

describe.skipIf(!chromiumAvailable)('billfold-invoices', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    server = await startFixtureServer();
    server.accounts.set('access-main', buildAccount(30));
    server.accounts.set('access-empty', buildAccount(0));
    server.accounts.set('access-pay', buildAccount(4, { pay: true }));
    server.accounts.set('access-no-pdf', buildAccount(4, { download_pdf: false }));
    server.accounts.set('access-currencies', {
      ...buildAccount(0),
      invoices: [
        buildInvoice(1, { currency: 'USD', total: 123456, balance: 123456, date: '2026-03-05' }),
        buildInvoice(2, { currency: 'EUR', total: 123456, balance: 100, date: '2026-03-05' }),
        buildInvoice(3, { currency: 'GBP', total: 123456, balance: 0, date: '2026-03-05' }),
        buildInvoice(4, { currency: 'JPY', total: 123456, balance: 123456, date: '2026-03-05' }),
      ].map((invoice) => ({ ...invoice, status: 'open' as const })),
    });
    server.launches.set('launch-ok', { kind: 'session', accessToken: 'access-main' });
    server.launches.set('launch-revoked', {
      kind: 'not-eligible',
      reasons: ['access_revoked', 'missing_billing_role'],
    });
    server.launches.set('launch-old', { kind: 'token-fault', code: 'token_expired' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'en-US' });
    page = await context.newPage();
    server.failures.length = 0;
  });

  afterEach(async () => {
    await context.close();
  });

  /** Serves `html` at a fresh path and opens it. */
  async function open(html: string, headers: Record<string, string> = {}): Promise<void> {
    const path = `/page-${++pageCount}.html`;
    server.setPage(path, html, headers);
    await page.goto(`${server.origin}${path}`);
  }

  const widget = () => page.locator('billfold-invoices');
  const rows = () => page.locator('billfold-invoices tbody tr');
  const invoiceButtons = () => page.locator('billfold-invoices [part="invoice-button"]');

  async function events(name: string): Promise<unknown[]> {
    return page.evaluate(
      (eventName) =>
        (
          window as unknown as { billfoldEvents: { name: string; detail: unknown }[] }
        ).billfoldEvents
          .filter((event) => event.name === eventName)
          .map((event) => event.detail),
      name,
    );
  }

  async function activeId(): Promise<string | null> {
    return page.evaluate(
      () => document.querySelector('billfold-invoices')?.shadowRoot?.activeElement?.id ?? null,
    );
  }

  async function activeInvoiceId(): Promise<string | null> {
    return page.evaluate(
      () =>
        document
          .querySelector('billfold-invoices')
          ?.shadowRoot?.activeElement?.getAttribute('data-invoice-id') ?? null,
    );
  }

  /** Saves a screenshot of the page to test-artifacts/ for review. */
  async function snapshot(name: string): Promise<void> {
    await page.screenshot({ path: join(artifactsDir(), `${name}.png`), fullPage: true });
  }

  async function runAxe(): Promise<{ id: string; impact: string | null }[]> {
    await page.addScriptTag({ content: axeSource });

    return page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              context: Document,
            ) => Promise<{ violations: { id: string; impact: string | null }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document);

      return result.violations.map(({ id, impact }) => ({ id, impact }));
    });
  }

  function serious(violations: { id: string; impact: string | null }[]) {
    return violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
  }

  describe('page session', () => {
    it('lists the first page', async () => {
      await open(widgetPage('access-main', { 'page-size': '10' }));

      await expect.poll(() => rows().count()).toBe(10);
      expect(await events('billfold-ready')).toHaveLength(1);
      expect(await events('billfold-session')).toHaveLength(1);
    });

    it('keeps the token out of the DOM', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBeGreaterThan(0);

      expect(await page.locator('#billfold-session').count()).toBe(0);
      expect(await page.content()).not.toContain('access-main');
      const storage = await page.evaluate(
        () => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie,
      );
      expect(storage).not.toContain('access-main');
    });

    it('sends the token only as a header', async () => {
      server.requests.length = 0;
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBeGreaterThan(0);

      const apiRequests = server.requests.filter((request) => request.url.startsWith('/api/'));
      expect(apiRequests.length).toBeGreaterThan(0);
      for (const request of apiRequests) {
        expect(request.authorization).toBe('Bearer access-main');
        expect(request.url).not.toContain('access-main');
      }
    });

    it('reports a missing session', async () => {
      await open(testPage(element({ session: 'page' })));

      await expect.poll(() => widget().getAttribute('data-reasons')).toBeNull();
      await expect.poll(async () => (await events('billfold-error')).length).toBe(1);
      expect(await events('billfold-error')).toEqual([{ code: 'session_missing' }]);
    });
  });

  describe('states', () => {
    it('shows skeleton rows while loading', async () => {
      const release = server.hold('/api/v1/invoices');
      await open(widgetPage('access-main'));

      const section = page.locator('billfold-invoices section[aria-labelledby="list-heading"]');
      await expect.poll(() => section.getAttribute('aria-busy')).toBe('true');
      expect(await page.locator('billfold-invoices [part~="skeleton-row"]').count()).toBe(5);

      release();
      await expect.poll(() => section.getAttribute('aria-busy')).toBe('false');
      expect(await page.locator('billfold-invoices [part~="skeleton-row"]').count()).toBe(0);
    });

    it('shows the empty state', async () => {
      await open(widgetPage('access-empty'));

      await expect
        .poll(() => page.locator('billfold-invoices [part~="state-empty"]').count())
        .toBe(1);
      expect(await page.locator('billfold-invoices table').count()).toBe(0);
      expect(await events('billfold-ready')).toHaveLength(1);
      await snapshot('state-empty');
    });

    it('retries after an error', async () => {
      server.failures.push({
        pathPrefix: '/api/v1/invoices',
        status: 500,
        code: 'internal_error',
        times: 1,
      });
      await open(widgetPage('access-main'));

      const state = page.locator('billfold-invoices [part~="state-error"]');
      await expect.poll(() => state.getAttribute('data-code')).toBe('internal_error');
      expect(await events('billfold-error')).toEqual([{ code: 'internal_error' }]);
      await snapshot('state-error');

      await page.locator('billfold-invoices [part~="retry-button"]').click();
      await expect.poll(() => rows().count()).toBe(20);
    });

    it('ends on an expired session', async () => {
      await open(widgetPage('access-unknown'));

      const state = page.locator('billfold-invoices [part~="state-session-expired"]');
      await expect.poll(() => state.getAttribute('data-code')).toBe('session_invalid');
      expect(await page.locator('billfold-invoices input, billfold-invoices form').count()).toBe(0);
      expect(await page.locator('billfold-invoices button').count()).toBe(0);
      await snapshot('state-session-expired');
    });

    it('explains a not-eligible launch', async () => {
      await open(testPage(element({ 'launch-token': 'launch-revoked' })));

      const state = page.locator('billfold-invoices [part~="state-not-eligible"]');
      await expect
        .poll(() => state.getAttribute('data-reasons'))
        .toBe('access_revoked missing_billing_role');
      expect(await widget().getAttribute('data-reasons')).toBe(
        'access_revoked missing_billing_role',
      );
      expect(await widget().getAttribute('launch-token')).toBeNull();
      expect(await page.locator('billfold-invoices details li').allTextContents()).toEqual([
        'access_revoked',
        'missing_billing_role',
      ]);
      expect(await events('billfold-error')).toEqual([
        { code: 'not_eligible', reasons: ['access_revoked', 'missing_billing_role'] },
      ]);
      expect(serious(await runAxe())).toEqual([]);
      await page.locator('billfold-invoices details summary').click();
      await snapshot('state-not-eligible');
    });

    it('ends on a token fault', async () => {
      await open(testPage(element({ 'launch-token': 'launch-old' })));

      const state = page.locator('billfold-invoices [part~="state-session-expired"]');
      await expect.poll(() => state.getAttribute('data-code')).toBe('token_expired');
    });
  });

  describe('launch-token attribute', () => {
    it('exchanges and removes it', async () => {
      server.requests.length = 0;
      await open(testPage(element({ 'launch-token': 'launch-ok' })));

      await expect.poll(() => rows().count()).toBe(20);
      expect(await widget().getAttribute('launch-token')).toBeNull();
      expect(await page.content()).not.toContain('launch-ok');
      const sessions = await events('billfold-session');
      expect(sessions).toEqual([
        expect.objectContaining({ customer: { id: 3, name: 'Northwind Traders' } }),
      ]);
      const listRequest = server.requests.find((request) =>
        request.url.startsWith('/api/v1/invoices'),
      );
      expect(listRequest?.authorization).toBe('Bearer access-main');
    });

    it('accepts a token set later', async () => {
      await open(testPage(element({})));
      await page.evaluate(() =>
        document.querySelector('billfold-invoices')?.setAttribute('launch-token', 'launch-ok'),
      );

      await expect.poll(() => rows().count()).toBe(20);
      expect(await widget().getAttribute('launch-token')).toBeNull();
    });
  });

  describe('list', () => {
    it('sorts by a column header', async () => {
      await open(widgetPage('access-main', { status: 'all', 'page-size': '10' }));
      await expect.poll(() => rows().count()).toBe(10);

      const header = page.locator('billfold-invoices thead th').nth(3);
      const totals = async () =>
        page.evaluate(() =>
          [
            ...(document
              .querySelector('billfold-invoices')
              ?.shadowRoot?.querySelectorAll('tbody tr') ?? []),
          ].map((row) => Number(row.children[3]?.textContent?.replace(/[^\d]/g, ''))),
        );

      await header.locator('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('ascending');
      const ascending = await totals();
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

      await header.locator('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      const descending = await totals();
      expect(descending).toEqual([...ascending].reverse());
      expect(await page.locator('billfold-invoices th[aria-sort]').count()).toBe(1);
    });

    it('pages with the cursor', async () => {
      server.requests.length = 0;
      await open(widgetPage('access-main', { status: 'all', 'page-size': '10' }));
      await expect.poll(() => rows().count()).toBe(10);

      const loadMore = page.locator('billfold-invoices [part~="load-more"]');
      await loadMore.click();
      await expect.poll(() => rows().count()).toBe(20);
      await loadMore.click();
      await expect.poll(() => rows().count()).toBe(30);
      expect(await loadMore.count()).toBe(0);

      const numbers = await invoiceButtons().allTextContents();
      expect(new Set(numbers.map((text) => text.trim())).size).toBe(30);
      const cursorRequests = server.requests.filter((request) => request.url.includes('cursor='));
      expect(cursorRequests).toHaveLength(2);
    });

    it('filters by status', async () => {
      server.requests.length = 0;
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);
      expect(await page.locator('billfold-invoices [part~="status-paid"]').count()).toBe(0);

      await page.locator('billfold-invoices label', { hasText: 'Paid' }).click();
      await expect.poll(() => rows().count()).toBe(10);
      expect(await page.locator('billfold-invoices [part~="status-paid"]').count()).toBe(10);
      expect(server.requests.some((request) => request.url.includes('status=paid'))).toBe(true);
    });

    it('reloads when the host sets status', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      await widget().evaluate((node) => node.setAttribute('status', 'all'));
      await expect.poll(() => rows().count()).toBe(25);
      expect(await page.locator('billfold-invoices input[value="all"]').isChecked()).toBe(true);
    });

    it('focuses Retry after a failed Load more', async () => {
      await open(widgetPage('access-main', { 'page-size': '10' }));
      await expect.poll(() => rows().count()).toBe(10);
      server.failures.push({
        pathPrefix: '/api/v1/invoices',
        status: 503,
        code: 'service_unavailable',
        times: 1,
      });

      await page.locator('billfold-invoices [part~="load-more"]').focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() =>
          page.evaluate(() =>
            document
              .querySelector('billfold-invoices')
              ?.shadowRoot?.activeElement?.getAttribute('part'),
          ),
        )
        .toContain('retry-button');

      await page.keyboard.press('Enter');
      await expect.poll(() => rows().count()).toBe(20);
    });

    it('marks overdue rows with text', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      const overdue = page.locator('billfold-invoices [part~="row-overdue"]');
      expect(await overdue.count()).toBeGreaterThan(0);
      for (const text of await overdue.locator('[part~="status-badge"]').allTextContents()) {
        expect(text.trim()).toBe('Overdue');
      }
    });
  });

  describe('detail', () => {
    it('moves focus on open and close', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      const button = invoiceButtons().nth(2);
      const id = await button.getAttribute('data-invoice-id');
      await button.click();

      await expect
        .poll(() => page.locator('billfold-invoices [part~="lines-table"] tbody tr').count())
        .toBe(2);
      expect(await activeId()).toBe('detail-heading');
      expect(await events('billfold-invoice-open')).toEqual([
        expect.objectContaining({ id: Number(id) }),
      ]);

      await page.locator('billfold-invoices [part~="back-button"]').click();
      await expect.poll(() => activeInvoiceId()).toBe(id);
    });

    it('shows totals and payments', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      // Invoice 4 is open with half of it paid, so it has one payment.
      await page.locator('billfold-invoices [data-invoice-id="4"]').click();
      const totals = page.locator('billfold-invoices [part="totals"] dd');
      await expect.poll(() => totals.count()).toBe(6);
      const invoice = buildInvoice(4);
      expect(plain(await totals.nth(5).textContent())).toBe(
        plain(
          new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
            invoice.balance / 100,
          ),
        ),
      );
      expect(
        await page.locator('billfold-invoices [part~="payments-table"] tbody tr').count(),
      ).toBe(1);
    });

    it('closes on Escape', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      await invoiceButtons().first().click();
      await expect.poll(() => activeId()).toBe('detail-heading');
      await page.keyboard.press('Escape');

      await expect.poll(() => rows().count()).toBe(20);
      expect(await activeInvoiceId()).toBe(
        await invoiceButtons().first().getAttribute('data-invoice-id'),
      );
    });

    it('downloads the PDF', async () => {
      server.requests.length = 0;
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      await page.locator('billfold-invoices [data-invoice-id="1"]').click();
      const downloadButton = page.locator('billfold-invoices [part~="download-button"]');
      const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);

      expect(download.suggestedFilename()).toBe('invoice-INV-1001.pdf');
      expect(download.url()).toMatch(/^blob:/);
      const pdfRequest = server.requests.find((request) => request.url.endsWith('/pdf'));
      expect(pdfRequest?.authorization).toBe('Bearer access-main');
    });

    it('reports a failed PDF inline', async () => {
      server.failures.push({
        pathPrefix: '/api/v1/invoices/1/pdf',
        status: 502,
        code: 'pdf_unavailable',
        times: 1,
      });
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      await page.locator('billfold-invoices [data-invoice-id="1"]').click();
      await page.locator('billfold-invoices [part~="download-button"]').click();

      await expect.poll(() => page.locator('billfold-invoices [part="pdf-error"]').count()).toBe(1);
      expect(await page.locator('billfold-invoices [part~="state-error"]').count()).toBe(0);
      expect(await page.locator('billfold-invoices [part="totals"]').count()).toBe(1);
    });

    it('hides PDF without permission', async () => {
      await open(widgetPage('access-no-pdf'));
      await expect.poll(() => rows().count()).toBeGreaterThan(0);

      await invoiceButtons().first().click();
      await expect.poll(() => page.locator('billfold-invoices [part="totals"]').count()).toBe(1);
      expect(await page.locator('billfold-invoices [part~="download-button"]').count()).toBe(0);
    });

    it('fires billfold-pay', async () => {
      await open(widgetPage('access-pay', { status: 'all' }));
      await expect.poll(() => rows().count()).toBe(4);

      await page.locator('billfold-invoices [data-invoice-id="1"]').click();
      await page.locator('billfold-invoices [part~="pay-button"]').click();
      expect(await events('billfold-pay')).toEqual([
        { id: 1, number: 'INV-1001', balance: buildInvoice(1).balance, currency: 'USD' },
      ]);
    });

    it('shows an error for a missing invoice', async () => {
      server.failures.push({
        pathPrefix: '/api/v1/invoices/2',
        status: 404,
        code: 'invoice_not_found',
        times: 1,
      });
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      await page.locator('billfold-invoices [data-invoice-id="2"]').click();
      const state = page.locator('billfold-invoices [part~="state-error"]');
      await expect.poll(() => state.getAttribute('data-code')).toBe('invoice_not_found');

      await page.locator('billfold-invoices [part~="retry-button"]').click();
      await expect.poll(() => page.locator('billfold-invoices [part="totals"]').count()).toBe(1);
    });
  });

  describe('keyboard', () => {
    it('works with Tab, Enter and Escape', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      let presses = 0;
      while ((await activeInvoiceId()) === null && presses < 30) {
        await page.keyboard.press('Tab');
        presses += 1;
      }
      const id = await activeInvoiceId();
      expect(id).not.toBeNull();

      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('billfold-invoices [part="totals"]').count()).toBe(1);
      expect(await activeId()).toBe('detail-heading');

      const download = page.waitForEvent('download');
      let found = false;
      for (let step = 0; step < 10 && !found; step += 1) {
        await page.keyboard.press('Tab');
        found = await page.evaluate(
          () =>
            document
              .querySelector('billfold-invoices')
              ?.shadowRoot?.activeElement?.getAttribute('part')
              ?.includes('download-button') ?? false,
        );
      }
      expect(found).toBe(true);
      await page.keyboard.press('Enter');
      expect((await download).suggestedFilename()).toMatch(/^invoice-INV-\d+\.pdf$/);

      await page.keyboard.press('Escape');
      await expect.poll(() => activeInvoiceId()).toBe(id);
    });

    it('switches the filter with arrow keys', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      await page.locator('billfold-invoices input[value="open"]').focus();
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => page.locator('billfold-invoices caption').textContent())
        .toContain('Paid');
    });
  });

  describe('Intl', () => {
    const cellTexts = async () =>
      page.evaluate(() =>
        [
          ...(document
            .querySelector('billfold-invoices')
            ?.shadowRoot?.querySelectorAll('tbody tr') ?? []),
        ].map((row) => ({
          number: row.children[0]?.textContent?.trim(),
          date: row.children[1]?.textContent?.trim(),
          total: row.children[3]?.textContent?.trim(),
        })),
      );

    it('formats en-US', async () => {
      await open(widgetPage('access-currencies', { locale: 'en-US' }));
      await expect.poll(() => rows().count()).toBe(4);

      const byNumber = Object.fromEntries((await cellTexts()).map((row) => [row.number, row]));
      expect(plain(byNumber['INV-1001']?.total ?? '')).toBe('$1,234.56');
      expect(plain(byNumber['INV-1002']?.total ?? '')).toBe('€1,234.56');
      expect(plain(byNumber['INV-1003']?.total ?? '')).toBe('£1,234.56');
      expect(plain(byNumber['INV-1004']?.total ?? '')).toBe('¥123,456');
      expect(byNumber['INV-1001']?.date).toBe('Mar 5, 2026');
    });

    it('formats de-DE', async () => {
      await open(widgetPage('access-currencies', { locale: 'de-DE' }));
      await expect.poll(() => rows().count()).toBe(4);

      const byNumber = Object.fromEntries((await cellTexts()).map((row) => [row.number, row]));
      expect(plain(byNumber['INV-1001']?.total ?? '')).toBe('1.234,56 $');
      expect(plain(byNumber['INV-1002']?.total ?? '')).toBe('1.234,56 €');
      expect(plain(byNumber['INV-1003']?.total ?? '')).toBe('1.234,56 £');
      expect(plain(byNumber['INV-1004']?.total ?? '')).toBe('123.456 ¥');
      expect(byNumber['INV-1001']?.date).toBe('05.03.2026');
    });

    it('follows the browser language', async () => {
      await context.close();
      context = await browser.newContext({ locale: 'de-DE' });
      page = await context.newPage();
      await open(widgetPage('access-currencies'));
      await expect.poll(() => rows().count()).toBe(4);

      const byNumber = Object.fromEntries((await cellTexts()).map((row) => [row.number, row]));
      expect(plain(byNumber['INV-1002']?.total ?? '')).toBe('1.234,56 €');
    });
  });

  describe('accessibility and layout', () => {
    it('passes axe in the list', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      expect(serious(await runAxe())).toEqual([]);
    });

    it('passes axe in the detail', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);
      await page.locator('billfold-invoices [data-invoice-id="4"]').click();
      await expect.poll(() => page.locator('billfold-invoices [part="totals"]').count()).toBe(1);

      expect(serious(await runAxe())).toEqual([]);
    });

    it('passes axe in the dark theme', async () => {
      await open(widgetPage('access-main', { theme: 'dark' }));
      await expect.poll(() => rows().count()).toBe(20);
      await page.evaluate(() => (document.body.style.background = '#14171f'));
      await snapshot('list-dark-1024');

      expect(serious(await runAxe())).toEqual([]);
    });

    it('switches theme by attribute', async () => {
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);
      const background = () => widget().evaluate((node) => getComputedStyle(node).backgroundColor);

      const light = await background();
      await widget().evaluate((node) => node.setAttribute('theme', 'dark'));
      expect(await background()).not.toBe(light);
    });

    it('follows prefers-color-scheme', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);
      const background = () => widget().evaluate((node) => getComputedStyle(node).backgroundColor);

      const dark = await background();
      await widget().evaluate((node) => node.setAttribute('theme', 'light'));
      expect(await background()).not.toBe(dark);
    });

    it('applies custom properties', async () => {
      const head =
        '<style>billfold-invoices { --billfold-color-accent: rgb(200, 0, 100); }</style>';
      await open(
        testPage(
          `<script type="application/json" id="billfold-session">{"access_token":"access-main"}</script>${element({ session: 'page' })}`,
          head,
        ),
      );
      await expect.poll(() => rows().count()).toBe(20);

      const color = await invoiceButtons()
        .first()
        .evaluate((node) => getComputedStyle(node).color);
      expect(color).toBe('rgb(200, 0, 100)');
    });

    it('works under a strict CSP', async () => {
      // The policy the portal sends with its widget page, minus the nonce it needs for its
      // own inline style: no inline script or style, API calls to the same origin only.
      const csp = [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ');
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      const session = '{"access_token":"access-main"}';
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title>
        <script type="module" src="/widget.js"></script></head><body>
        <script type="application/json" id="billfold-session">${session}</script>
        ${element({ session: 'page' })}</body></html>`;
      await open(html, { 'content-security-policy': csp });
      await expect.poll(() => rows().count()).toBe(20);

      const headerBackground = await page
        .locator('billfold-invoices thead th')
        .first()
        .evaluate((node) => getComputedStyle(node).backgroundColor);
      expect(headerBackground).toBe('rgb(244, 245, 248)');

      await page.locator('billfold-invoices [data-invoice-id="1"]').click();
      const downloadButton = page.locator('billfold-invoices [part~="download-button"]');
      const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
      expect(download.suggestedFilename()).toBe('invoice-INV-1001.pdf');
      expect(violations).toEqual([]);
    });

    it('fits 360 px and saves screenshots', async () => {
      const dir = artifactsDir();
      await page.setViewportSize({ width: 360, height: 740 });
      await open(widgetPage('access-main'));
      await expect.poll(() => rows().count()).toBe(20);

      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(pageWidth).toBeLessThanOrEqual(360);
      const region = page.locator('billfold-invoices [part="table-scroll"]');
      expect(await region.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(true);
      expect(await region.getAttribute('role')).toBe('region');
      await page.screenshot({ path: join(dir, 'list-360.png'), fullPage: true });

      await page.setViewportSize({ width: 1024, height: 800 });
      expect(await region.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(false);
      await page.screenshot({ path: join(dir, 'list-1024.png'), fullPage: true });

      await page.locator('billfold-invoices [data-invoice-id="4"]').click();
      await expect.poll(() => page.locator('billfold-invoices [part="totals"]').count()).toBe(1);
      await page.screenshot({ path: join(dir, 'detail-1024.png'), fullPage: true });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.screenshot({ path: join(dir, 'detail-360.png'), fullPage: true });
    });
  });
});
