import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addHostOrigin, setSsoSettings } from '@billfold/db';
import { testDialects } from '@billfold/db/testing';
import { at, PORTAL_A, sessionCount, T0 } from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';

// The host's validation endpoint on loopback; `mode` picks its response.
let mode: 'id' | 'email' | 'ambiguous' | 'redirect' | 'huge' | 'error' | 'garbage' = 'id';
const received: string[] = [];

function startValidator(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(body);
      if (mode === 'redirect')
        return response.writeHead(302, { location: 'http://127.0.0.1:1/' }).end();
      if (mode === 'error') return response.writeHead(500).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      if (mode === 'huge')
        return response.end(JSON.stringify({ contactId: '5001', pad: 'x'.repeat(20_000) }));
      if (mode === 'garbage') return response.end('<html>');
      if (mode === 'email')
        return response.end(JSON.stringify({ contactEmail: 'ada.admin@northwind.example' }));
      if (mode === 'ambiguous')
        return response.end(JSON.stringify({ contactEmail: 'sam.shared@contoso.example' }));
      return response.end(JSON.stringify({ contactId: '5001' }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.each(testDialects())('token callback (%s)', (dialect) => {
  let s: Scenario;
  let server: Server;
  let validatorOrigin: string;
  let counter = 0;

  beforeAll(async () => {
    s = await createScenario(dialect);
    server = await startValidator();
    validatorOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await addHostOrigin(s.ctx.db, s.tenant.id, validatorOrigin, T0);
    s.app = await (await import('../../src/app.js')).buildApp({ ctx: s.ctx });
  });
  beforeEach(async () => {
    mode = 'id';
    await setSsoSettings(
      s.ctx.db,
      s.tenant.id,
      {
        enabled: true,
        provider: 'token_callback',
        callbackValidationUrl: `${validatorOrigin}/validate`,
      },
      T0,
    );
    await s.ctx.db.deleteFrom('sessions').execute();
  });
  afterAll(async () => {
    server.close();
    await s.close();
  });

  const open = (token = `opaque-${(counter += 1)}`) =>
    s.app.inject(at(PORTAL_A, { method: 'GET', url: `/sso/callback?auth_token=${token}` }));
  const reasons = (body: string) => /data-reasons="([^"]*)"/.exec(body)?.[1];

  it('contact id launches widget page', async () => {
    const response = await open('opaque-first');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="billfold-session"');
    expect(received.at(-1)).toBe(JSON.stringify({ auth_token: 'opaque-first' }));
    expect(await sessionCount(s, s.tenant.id)).toBe(1);
  });

  it('opaque token single use', async () => {
    expect((await open('opaque-once')).statusCode).toBe(200);
    const again = await open('opaque-once');
    expect(again.statusCode).toBe(403);
    expect(reasons(again.body)).toBe('token_replayed');
  });

  it('contact email launches', async () => {
    mode = 'email';
    expect((await open()).statusCode).toBe(200);
  });

  it('shared email is ambiguous', async () => {
    mode = 'ambiguous';
    const response = await open();
    expect(reasons(response.body)).toBe('contact_ambiguous');
    expect(await sessionCount(s, s.tenant.id)).toBe(0);
  });

  it.each(['redirect', 'huge', 'error', 'garbage'] as const)(
    'validation %s fails closed',
    async (failure) => {
      mode = failure;
      const response = await open();
      expect(response.statusCode).toBe(403);
      expect(reasons(response.body)).toBe('callback_failed');
      expect(await sessionCount(s, s.tenant.id)).toBe(0);
    },
  );

  it('validation url not linked', async () => {
    await setSsoSettings(
      s.ctx.db,
      s.tenant.id,
      { callbackValidationUrl: 'http://localhost:9/validate' },
      T0,
    );
    const response = await open();
    expect(reasons(response.body)).toBe('callback_failed');
  });

  it('wrong provider is sso_disabled', async () => {
    await setSsoSettings(s.ctx.db, s.tenant.id, { provider: 'connectwise_portal' }, T0);
    const response = await open();
    expect(reasons(response.body)).toBe('sso_disabled');
    expect(received).not.toContain(JSON.stringify({ auth_token: `opaque-${counter}` }));
  });

  it('auth token missing', async () => {
    const response = await s.app.inject(at(PORTAL_A, { method: 'GET', url: '/sso/callback' }));
    expect(response.statusCode).toBe(400);
  });
});
