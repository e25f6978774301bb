import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHostOrigin, createTenant, setSsoSettings, upsertTrustedIssuer } from '@billfold/db';
import { createTestDatabase, type TestDatabase } from '@billfold/db/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readWidgetManifest, widgetDistDir } from '@billfold/widget/assets';
import { loadConfig } from '../../src/config.js';
import { createAppContext } from '../../src/index.js';
import { startPortal, type RunningPortal } from '../../src/server.js';
import type { AppContext } from '../../src/context.js';
import {
  createCompany,
  createContact,
  createInvoice,
  createKeys,
  createProfiles,
  HOST_ORIGIN,
  signLaunch,
  type Harness,
  type TestKeys,
} from '../support/fixture.js';

describe('portal over a real socket', () => {
  let database: TestDatabase;
  let ctx: AppContext;
  let portal: RunningPortal;
  let jwksServer: Server;
  let keys: TestKeys;
  let origin: string;
  let issuer: string;
  let jwksRequests = 0;

  beforeAll(async () => {
    keys = await createKeys('socket-key');
    jwksServer = createServer((_request, response) => {
      jwksRequests += 1;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(keys.jwks));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;

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

    const now = ctx.now();
    const tenant = await createTenant(ctx.db, {
      slug: 'socket',
      name: 'Socket MSP',
      portalOrigin: origin,
      now,
    });
    await setSsoSettings(ctx.db, tenant.id, { enabled: true, provider: 'connectwise_portal' }, now);
    await addHostOrigin(ctx.db, tenant.id, HOST_ORIGIN, now);
    await upsertTrustedIssuer(
      ctx.db,
      tenant.id,
      { issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, jwksJson: null, algorithms: ['ES256'] },
      now,
    );
    const fake = { ctx, keys } as unknown as Harness;
    const profiles = await createProfiles(fake, tenant.id);
    const company = await createCompany(fake, tenant.id, 9001, 'Northwind Traders');
    await createContact(fake, {
      tenantId: tenant.id,
      psaId: 5001,
      companyId: company,
      psaCompanyId: 9001,
      email: 'ada.admin@northwind.example',
      profileId: profiles.admin,
    });
    await createInvoice(fake, {
      tenantId: tenant.id,
      companyId: company,
      psaId: 1,
      dueDate: '2026-02-01',
    });
  });

  afterAll(async () => {
    await portal.close();
    await ctx.database.close();
    jwksServer.close();
    await database.dispose();
  });

  async function token(): Promise<string> {
    const clock = { now: Date.now(), advance() {} };
    return signLaunch({ keys, clock } as unknown as Harness, { iss: issuer, aud: origin });
  }

  it('form post launch and api calls', async () => {
    const response = await fetch(`${origin}/sso/connectwise`, {
      method: 'POST',
      headers: { origin: HOST_ORIGIN },
      body: new URLSearchParams({ launch_token: await token() }),
    });
    expect(response.status).toBe(200);
    expect(jwksRequests).toBe(1);
    expect(response.headers.get('content-security-policy')).toContain(
      `frame-ancestors ${HOST_ORIGIN}`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();

    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-billfold_session=[\w-]{43};/);
    expect(cookie.split('; ').slice(1).sort()).toEqual([
      'HttpOnly',
      'Max-Age=28800',
      'Partitioned',
      'Path=/',
      'SameSite=None',
      'Secure',
    ]);

    const html = await response.text();
    const accessToken = /"access_token":"([\w-]{43})"/.exec(html)?.[1];
    const list = await fetch(`${origin}/api/v1/invoices`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const body = (await list.json()) as { data: { number: string }[] };
    expect(body.data.map((row) => row.number)).toEqual(['INV-1']);
  });

  it('json launch over socket', async () => {
    const response = await fetch(`${origin}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HOST_ORIGIN },
      body: JSON.stringify({ launch_token: await token() }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('widget bundle served with cache headers', async () => {
    const response = await fetch(`${origin}/widget.js`);
    if (!existsSync(join(widgetDistDir, 'widget.js'))) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'widget_not_built',
      );
      return;
    }
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('content-type')).toContain('javascript');

    const { entry } = readWidgetManifest();
    const bundle = await fetch(`${origin}/${entry}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const stale = await fetch(`${origin}/widget-0000000000.js`);
    expect(stale.status).toBe(404);
  });

  it('health over socket', async () => {
    const response = await fetch(`${origin}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
