// Browser tests of the element inside a cross-origin iframe: the postMessage handshake, its
// origin and source checks, and height reports. The host page is served from 127.0.0.1:P1 and
// the widget from localhost:P2, so the two are different origins as in production.
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { chromiumAvailable, launchChromium } from '../../../test/support/browser.js';
import { buildAccount } from '../../../test/support/fixtures.js';
import { startFixtureServer, type FixtureServer } from '../../../test/support/fixture-server.js';
import { element, page as testPage, widgetPage } from '../../../test/support/pages.js';

interface Received {
  origin: string;
  data: { type?: string; height?: number };
}

let browser: Browser;
let host: FixtureServer;
let portal: FixtureServer;
let context: BrowserContext;
let page: Page;
let pageCount = 0;

const portalOrigin = () => `http://localhost:${portal.port}`;

/** Returns a host page that records every message and replies to `billfold:ready` when `answer` is set. */
function hostPage(frameUrl: string, options: { answer: boolean; extra?: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body>
<h1>Customer portal</h1>
<iframe id="widget" title="Invoices" src="${frameUrl}" style="width: 100%; border: 0"></iframe>
${options.extra ?? ''}
<script>
  window.received = [];
  const portal = ${JSON.stringify(portalOrigin())};
  window.addEventListener('message', (event) => {
    window.received.push({ origin: event.origin, data: event.data });
    if (event.origin !== portal) return;
    if (${options.answer} && event.data.type === 'billfold:ready') {
      event.source.postMessage({ type: 'billfold:launch', token: 'launch-ok' }, portal);
    }
    if (event.data.type === 'billfold:resize') {
      document.getElementById('widget').style.height = event.data.height + 'px';
    }
  });
</script>
</body></html>`;
}

describe.skipIf(!chromiumAvailable)('billfold-invoices in an iframe', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    host = await startFixtureServer();
    portal = await startFixtureServer();
    portal.accounts.set('access-main', buildAccount(30));
    portal.accounts.set('access-sibling', buildAccount(2));
    portal.launches.set('launch-ok', { kind: 'session', accessToken: 'access-main' });
    portal.launches.set('launch-sibling', { kind: 'session', accessToken: 'access-sibling' });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await portal?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
    portal.requests.length = 0;
  });

  afterEach(async () => {
    await context.close();
  });

  /** Serves the widget page `frameHtml` on the portal and a host page framing it, then opens the host. */
  async function openHost(
    frameHtml: string,
    options: { answer: boolean; extra?: string; hostName?: string },
  ): Promise<Frame> {
    const id = ++pageCount;
    portal.setPage(`/frame-${id}.html`, frameHtml);
    host.setPage(`/host-${id}.html`, hostPage(`${portalOrigin()}/frame-${id}.html`, options));
    await page.goto(`http://${options.hostName ?? '127.0.0.1'}:${host.port}/host-${id}.html`);

    const frame = page.frames().find((candidate) => candidate.url().includes(`/frame-${id}.html`));
    if (!frame) throw new Error(`frame-${id}.html did not load`);

    return frame;
  }

  const received = () =>
    page.evaluate(() => (window as unknown as { received: Received[] }).received);
  const sessionPosts = () =>
    portal.requests.filter((request) => request.url === '/api/v1/sessions');
  const rowCount = (frame: Frame) => frame.locator('billfold-invoices tbody tr').count();

  it('starts a session by handshake', async () => {
    const frame = await openHost(testPage(element({ 'parent-origin': host.origin })), {
      answer: true,
    });

    await expect.poll(() => rowCount(frame)).toBe(20);
    const ready = (await received()).filter((message) => message.data.type === 'billfold:ready');
    expect(ready).toEqual([{ origin: portalOrigin(), data: { type: 'billfold:ready' } }]);
    expect(sessionPosts()).toHaveLength(1);
    expect(portal.requests.some((request) => request.url.includes('launch-ok'))).toBe(false);
  });

  it('reports height to the parent', async () => {
    const frame = await openHost(testPage(element({ 'parent-origin': host.origin })), {
      answer: true,
    });
    await expect.poll(() => rowCount(frame)).toBe(20);

    const heights = async () =>
      (await received())
        .filter((message) => message.data.type === 'billfold:resize')
        .map((message) => ({ origin: message.origin, height: message.data.height ?? 0 }));
    await expect.poll(async () => (await heights()).at(-1)?.height ?? 0).toBeGreaterThan(400);
    for (const message of await heights()) expect(message.origin).toBe(portalOrigin());

    const listHeight = (await heights()).at(-1)?.height;
    const frameHeight = await page
      .locator('#widget')
      .evaluate((node) => node.getBoundingClientRect().height);
    expect(frameHeight).toBe(listHeight);

    await frame.locator('billfold-invoices [part~="invoice-button"]').first().click();
    await expect.poll(async () => (await heights()).at(-1)?.height).not.toBe(listHeight);
  });

  it('ignores a launch from another origin', async () => {
    // The host runs on localhost:P1 while the widget trusts only 127.0.0.1:P1.
    const extra = `<script>
      const frame = document.getElementById('widget');
      frame.addEventListener('load', () => {
        frame.contentWindow.postMessage({ type: 'billfold:launch', token: 'launch-ok' }, '*');
        window.launchSent = true;
      });
    </script>`;
    const frame = await openHost(testPage(element({ 'parent-origin': host.origin })), {
      answer: true,
      extra,
      hostName: 'localhost',
    });

    await expect
      .poll(() => page.evaluate(() => (window as unknown as { launchSent?: boolean }).launchSent))
      .toBe(true);
    // Give a wrongly accepted launch time to reach the API before checking that none did.
    await page.waitForTimeout(500);
    expect(sessionPosts()).toHaveLength(0);
    expect(await received()).toEqual([]);
    expect(await frame.locator('billfold-invoices section').getAttribute('aria-busy')).toBe('true');
  });

  it('ignores a launch from another window', async () => {
    // A sibling frame on the parent's own origin sends a launch first, then messages the parent to
    // send the real one. Only the parent's launch may start a session.
    host.setPage(
      '/sibling.html',
      `<!doctype html><title>Sibling</title><script>
        parent.frames[0].postMessage({ type: 'billfold:launch', token: 'launch-sibling' }, '*');
        parent.postMessage({ type: 'sibling:sent' }, '*');
      </script>`,
    );
    const extra = `<iframe title="Sibling" id="sibling"></iframe>
    <script>
      window.addEventListener('message', (event) => {
        if (event.data.type === 'billfold:ready') document.getElementById('sibling').src = '/sibling.html';
        if (event.data.type === 'sibling:sent') {
          document.getElementById('widget').contentWindow.postMessage(
            { type: 'billfold:launch', token: 'launch-ok' },
            ${JSON.stringify(portalOrigin())},
          );
        }
      });
    </script>`;
    const frame = await openHost(testPage(element({ 'parent-origin': host.origin })), {
      answer: false,
      extra,
    });

    await expect.poll(() => rowCount(frame)).toBe(20);
    expect(sessionPosts()).toHaveLength(1);
    expect(
      portal.requests.some((request) => request.authorization === 'Bearer access-sibling'),
    ).toBe(false);
  });

  it('reports height in page mode', async () => {
    const frame = await openHost(widgetPage('access-main', {}, host.origin), { answer: false });

    await expect.poll(() => rowCount(frame)).toBe(20);
    const messages = await received();
    expect(messages.some((message) => message.data.type === 'billfold:resize')).toBe(true);
    expect(messages.some((message) => message.data.type === 'billfold:ready')).toBe(false);
    for (const message of messages) expect(message.origin).toBe(portalOrigin());
  });

  it('keeps reporting height after a move', async () => {
    const frame = await openHost(widgetPage('access-main', {}, host.origin), { answer: false });
    await expect.poll(() => rowCount(frame)).toBe(20);

    await frame.evaluate(() => {
      const widget = document.querySelector('billfold-invoices');
      if (widget) document.body.append(widget);
    });
    const before = (await received()).length;
    await frame.locator('billfold-invoices [part~="invoice-button"]').first().click();

    await expect.poll(async () => (await received()).length).toBeGreaterThan(before);
    const last = (await received()).at(-1);
    expect(last?.data.type).toBe('billfold:resize');
  });

  it('sends nothing to the wrong parent', async () => {
    // The page session names 127.0.0.1:P1, but the host runs on localhost:P1.
    const frame = await openHost(widgetPage('access-main', {}, host.origin), {
      answer: false,
      hostName: 'localhost',
    });

    await expect.poll(() => rowCount(frame)).toBe(20);
    await frame.locator('billfold-invoices [part~="invoice-button"]').first().click();
    await expect.poll(() => frame.locator('billfold-invoices [part="totals"]').count()).toBe(1);
    expect(await received()).toEqual([]);
  });
});
