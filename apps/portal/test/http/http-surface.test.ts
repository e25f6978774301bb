import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@billfold/db/testing';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createAppContext } from '../../src/index.js';
import { at, HOST_ORIGIN, PORTAL_A, signLaunch } from '../support/fixture.js';
import { launch } from '../support/launch.js';
import { createScenario, type Scenario } from '../support/scenario.js';

const code = (response: { json(): unknown }) =>
  (response.json() as { error: { code: string } }).error.code;

describe.each(testDialects())('http surface (%s)', (dialect) => {
  let s: Scenario;
  let token: string;
  beforeAll(async () => {
    s = await createScenario(dialect);
    token = (await launch(s)).token;
  });
  afterAll(async () => {
    await s.close();
  });

  it('unknown host is tenant_not_found', async () => {
    const response = await s.app.inject(
      at('https://unknown.billfold.example', { method: 'GET', url: '/api/v1/me' }),
    );
    expect(response.statusCode).toBe(404);
    expect(code(response)).toBe('tenant_not_found');
  });

  it('forwarded headers ignored without trustProxy', async () => {
    const app = await buildApp({
      ctx: { ...s.ctx, config: { ...s.ctx.config, trustProxy: false } },
    });
    const response = await app.inject({
      method: 'GET',
      url: '/.well-known/billfold.json',
      headers: {
        host: 'evil.example',
        'x-forwarded-host': 'acme.billfold.example',
        'x-forwarded-proto': 'https',
      },
    });
    expect(code(response)).toBe('tenant_not_found');
    await app.close();
  });

  it('security headers on json', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('security headers on errors', async () => {
    const response = await s.app.inject(at(PORTAL_A, { method: 'GET', url: '/nothing-here' }));
    expect(response.statusCode).toBe(404);
    expect(code(response)).toBe('route_not_found');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('no hsts over http', async () => {
    const response = await s.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('widget page frame ancestors exact', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `launch_token=${await signLaunch(s)}`,
      }),
    );
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/frame-ancestors https:\/\/host\.example$/);
    expect(csp).not.toContain('*');
    expect(csp).not.toContain("'unsafe-inline'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(response.body).toContain(`<style nonce="${nonce}">`);
  });

  it('not eligible page frameable by host only', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `launch_token=${await signLaunch(s, { roles: [] })}`,
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(String(response.headers['content-security-policy'])).toMatch(
      /frame-ancestors https:\/\/host\.example$/,
    );
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('parent origin falls back to first linked', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
        },
        payload: `launch_token=${await signLaunch(s)}`,
      }),
    );
    expect(response.body).toContain('"parent_origin":"https://host.example"');
    expect(response.body).not.toContain('evil.example');
  });

  it('cors preflight for linked origin', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'OPTIONS',
        url: '/api/v1/sessions',
        headers: {
          origin: HOST_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    );
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(HOST_ORIGIN);
    expect(response.headers['access-control-allow-headers']).toContain('Authorization');
    expect(response.headers.vary).toContain('Origin');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it.each([
    'https://host.example.evil.test',
    'https://evil.example',
    'http://host.example',
    'https://HOST.example',
    'null',
    '*',
  ])('cors refuses %s', async (origin) => {
    const preflight = await s.app.inject(
      at(PORTAL_A, {
        method: 'OPTIONS',
        url: '/api/v1/sessions',
        headers: { origin, 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.statusCode).toBe(403);
    expect(code(preflight)).toBe('cors_origin_rejected');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();

    const simple = await s.app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        headers: { origin, authorization: `Bearer ${token}` },
      }),
    );
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers.vary).toContain('Origin');
  });

  it('cors allows linked origin on api', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        headers: { origin: HOST_ORIGIN, authorization: `Bearer ${token}` },
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(HOST_ORIGIN);
  });

  it('discovery document', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, { method: 'GET', url: '/.well-known/billfold.json' }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.json()).toMatchObject({
      portal_origin: PORTAL_A,
      sso_enabled: true,
      providers: ['connectwise_portal'],
      endpoints: { sessions: `${PORTAL_A}/api/v1/sessions`, widget: `${PORTAL_A}/widget.js` },
    });
  });

  it('readyz ok when migrated', async () => {
    const response = await s.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
  });

  it('openapi lists route schemas', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, { method: 'GET', url: '/api/v1/openapi.json' }),
    );
    const doc = response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of [
      '/api/v1/sessions',
      '/api/v1/me',
      '/api/v1/invoices',
      '/api/v1/invoices/{id}',
      '/api/v1/invoices/{id}/pdf',
      '/sso/connectwise',
      '/sso/callback',
    ]) {
      expect(Object.keys(doc.paths)).toContain(route);
    }
    expect(doc.paths['/api/v1/invoices']?.get?.parameters.map((p) => p.name)).toEqual([
      'status',
      'limit',
      'cursor',
    ]);
  });

  it.each([
    ['POST', '/api/v1/sessions', { launch_token: 'x', extra: 1 }],
    ['POST', '/api/v1/sessions', { launch_token: 'x', company_id: 9002 }],
    ['POST', '/api/v1/sessions', {}],
    ['POST', '/api/v1/sessions', { launch_token: { value: 'x' } }],
  ])('unknown or bad body rejected: %s %s %j', async (method, url, payload) => {
    const response = await s.app.inject(at(PORTAL_A, { method: method as 'POST', url, payload }));
    expect(response.statusCode).toBe(400);
    expect(code(response)).toBe('validation_failed');
  });

  it('form launch with extra field rejected', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `launch_token=x&next=https://evil.example`,
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(code(response)).toBe('validation_failed');
  });

  it.each([
    '/api/v1/me?x=1',
    '/api/v1/invoices?company=1',
    '/api/v1/invoices/1?include=all',
    '/api/v1/invoices/1/pdf?inline=1',
    '/.well-known/billfold.json?x=1',
    '/healthz?x=1',
    '/readyz?x=1',
    '/api/v1/openapi.json?x=1',
    '/sso/callback?auth_token=a&x=1',
    '/widget.js?v=1',
  ])('unknown query field rejected: %s', async (url) => {
    const response = await s.app.inject(
      at(PORTAL_A, { method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
    );
    expect(response.statusCode).toBe(400);
    expect(code(response)).toBe('validation_failed');
  });

  it('delete with unknown query rejected', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'DELETE',
        url: '/api/v1/sessions/current?all=1',
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(response.statusCode).toBe(400);
  });

  it('json body with wrong media type', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { 'content-type': 'application/xml' },
        payload: '<launch_token>x</launch_token>',
      }),
    );
    expect(response.statusCode).toBe(415);
    expect(code(response)).toBe('unsupported_media_type');
  });
});

describe('readiness', () => {
  it('readyz 503 before migrations', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'billfold-ready-'));
    const ctx = await createAppContext(
      { ...loadConfig({}), databaseUrl: path.join(folder, 'x.db'), logLevel: 'silent' },
      { migrate: false },
    );
    const app = await buildApp({ ctx });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(code(response)).toBe('service_unavailable');
    await app.close();
    await ctx.database.close();
    rmSync(folder, { recursive: true, force: true });
  });
});
