import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@billfold/db/testing';
import { at, HOST_ORIGIN, PORTAL_A, sessionCount, signLaunch } from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';

describe.each(testDialects())('launch success (%s)', (dialect) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario(dialect);
  });
  afterAll(async () => {
    await s.close();
  });

  it('form post returns the widget page', async () => {
    const token = await signLaunch(s);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: { origin: HOST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ launch_token: token }).toString(),
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toContain(`frame-ancestors ${HOST_ORIGIN}`);
    expect(response.body).toContain('<script type="module" src="/widget.js"></script>');
    expect(response.body).toContain('<billfold-invoices session="page"');

    const json = /<script type="application\/json" id="billfold-session">(.*?)<\/script>/.exec(
      response.body,
    )?.[1];
    const data = JSON.parse(json ?? '{}') as {
      access_token: string;
      expires_at: string;
      parent_origin: string;
    };
    expect(data.parent_origin).toBe(HOST_ORIGIN);
    expect(data.expires_at).toBe(new Date(s.clock.now + 8 * 3600_000).toISOString());

    const me = await s.app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${data.access_token}` },
      }),
    );
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      contact: { id: s.contacts.ada, email: 'ada.admin@northwind.example' },
      customer: { id: s.companies.northwind, name: 'Northwind Traders' },
      permissions: { view_invoices: true, download_pdf: true, pay: true },
    });
  });

  it('json launch creates a session', async () => {
    const before = await sessionCount(s, s.tenant.id);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { launch_token: await signLaunch(s) },
      }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json() as { access_token: string; contact: { name: string } };
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.contact.name).toBe('Ada Admin');
    expect(await sessionCount(s, s.tenant.id)).toBe(before + 1);

    const stored = await s.ctx.db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((row) => row.id_hash)).not.toContain(body.access_token);
  });

  it('accepts a token once when sent twice at once', async () => {
    const token = await signLaunch(s);
    const launch = () =>
      s.app.inject(
        at(PORTAL_A, { method: 'POST', url: '/api/v1/sessions', payload: { launch_token: token } }),
      );

    const responses = await Promise.all([launch(), launch(), launch()]);

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 401, 401]);
    const rejected = responses.find((response) => response.statusCode === 401);
    expect(rejected?.json()).toMatchObject({ error: { code: 'token_replayed' } });
  });

  it('sso event recorded with masked email', async () => {
    const events = await s.ctx.db
      .selectFrom('sso_events')
      .selectAll()
      .where('outcome', '=', 'success')
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]?.email_masked).toBe('a***@northwind.example');
    expect(events[0]?.contact_id).toBe(s.contacts.ada);
  });
});
