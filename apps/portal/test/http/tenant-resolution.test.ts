import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertTrustedIssuer } from '@billfold/db';
import { at, ISSUER, PORTAL_A, signLaunch, T0 } from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';

describe('tenant resolution', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario('sqlite');
  });
  afterAll(async () => {
    await s.close();
  });

  it.each(['ACME.billfold.example', 'acme.billfold.example:443', 'Acme.Billfold.Example:443'])(
    'host %s resolves',
    async (host) => {
      const response = await s.app.inject({
        method: 'GET',
        url: '/.well-known/billfold.json',
        headers: { host, 'x-forwarded-proto': 'https' },
      });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { portal_origin: string }).portal_origin).toBe(PORTAL_A);
    },
  );

  it.each([
    ['wrong port', 'acme.billfold.example:8443', 'https'],
    ['http scheme', 'acme.billfold.example', 'http'],
    ['suffix host', 'acme.billfold.example.evil.test', 'https'],
  ])('%s is tenant_not_found', async (_name, host, proto) => {
    const response = await s.app.inject({
      method: 'GET',
      url: '/.well-known/billfold.json',
      headers: { host, 'x-forwarded-proto': proto },
    });
    expect(response.statusCode).toBe(404);
    expect((response.json() as { error: { code: string } }).error.code).toBe('tenant_not_found');
  });

  it('admin preflight not answered', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'OPTIONS',
        url: '/api/v1/admin/contacts',
        headers: { origin: 'https://host.example', 'access-control-request-method': 'POST' },
      }),
    );
    expect(response.statusCode).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('preflight with query string', async () => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'OPTIONS',
        url: '/api/v1/invoices?status=open&limit=10',
        headers: {
          origin: 'https://host.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      }),
    );
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://host.example');
  });

  it('unreadable pasted keys reject launch', async () => {
    await upsertTrustedIssuer(
      s.ctx.db,
      s.tenant.id,
      { issuer: ISSUER, jwksUrl: null, jwksJson: '{not json', algorithms: ['ES256'] },
      T0,
    );
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { launch_token: await signLaunch(s) },
      }),
    );
    expect(response.statusCode).toBe(401);
    expect((response.json() as { error: { code: string } }).error.code).toBe('token_key_unknown');
  });
});
