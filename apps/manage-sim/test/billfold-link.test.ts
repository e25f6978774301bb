import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkError, checkBillfold, normaliseBillfoldUrl } from '../src/billfold-link.js';
import { buildSmallSim } from './helpers.js';

describe('normaliseBillfoldUrl', () => {
  it.each([
    ['https://billing.example.com', 'https://billing.example.com'],
    ['https://billing.example.com/', 'https://billing.example.com'],
    ['https://BILLING.Example.com', 'https://billing.example.com'],
    ['https://billing.example.com:443/', 'https://billing.example.com'],
    ['https://billing.example.com:8443', 'https://billing.example.com:8443'],
    ['http://localhost:4000', 'http://localhost:4000'],
    ['http://127.0.0.1:4000/', 'http://127.0.0.1:4000'],
    ['  https://billing.example.com  ', 'https://billing.example.com'],
  ])('accepts %s', (input, expected) => {
    expect(normaliseBillfoldUrl(input)).toBe(expected);
  });

  it.each([
    'https://billing.example.com/portal',
    'https://billing.example.com/?tenant=1',
    'https://billing.example.com/#top',
    'http://billing.example.com',
    'ftp://billing.example.com',
    'billing.example.com',
    'https://user:pw@billing.example.com',
  ])('rejects %s', (input) => {
    expect(() => normaliseBillfoldUrl(input)).toThrow(LinkError);
  });
});

describe('checkBillfold', () => {
  let server: Server;
  let origin: string;
  let document: unknown = { sso_enabled: true, providers: ['connectwise_portal'] };

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url !== '/.well-known/billfold.json') return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports SSO enabled', async () => {
    document = { sso_enabled: true, providers: ['connectwise_portal'] };
    expect((await checkBillfold(origin)).state).toBe('sso_enabled');
  });

  it('reports SSO disabled without the provider', async () => {
    document = { sso_enabled: true, providers: ['token_callback'] };
    expect((await checkBillfold(origin)).state).toBe('sso_disabled');
  });

  it('reports an unreachable portal', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await checkBillfold(`http://127.0.0.1:${port}`)).state).toBe('unreachable');
  });

  it('links through the admin page', async () => {
    document = { sso_enabled: true, providers: ['connectwise_portal'] };
    const sim = await buildSmallSim();
    const signIn = await sim.app.inject({
      method: 'POST',
      url: '/portal/admin',
      payload: { email: 'portal.admin@msp.example', password: 'demo' },
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';

    const rejected = await sim.app.inject({
      method: 'POST',
      url: '/portal/admin',
      headers: { cookie },
      payload: { billfold_url: `${origin}/path` },
    });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.body).toContain(`${origin}/path`);

    const linked = await sim.app.inject({
      method: 'POST',
      url: '/portal/admin',
      headers: { cookie },
      payload: { billfold_url: `${origin}/` },
    });
    expect(linked.statusCode).toBe(303);
    const page = await sim.app.inject({ url: '/portal/admin', headers: { cookie } });
    expect(page.body).toContain('Single sign-on is enabled');
    await sim.app.close();
  });

  it('rejects link changes without an admin session', async () => {
    const sim = await buildSmallSim();
    const response = await sim.app.inject({
      method: 'POST',
      url: '/portal/admin',
      payload: { billfold_url: origin },
    });
    expect(response.statusCode).toBe(401);
    await sim.app.close();
  });
});
