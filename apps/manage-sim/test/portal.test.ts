import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltManageSim } from '../src/index.js';
import { buildSmallSim } from './helpers.js';

const BILLFOLD = 'http://localhost:4999';

function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? String(header[0]) : String(header);
  return first.split(';')[0] ?? '';
}

function launchToken(html: string): string {
  return /name="launch_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

describe('customer portal', () => {
  let sim: BuiltManageSim;
  beforeAll(async () => {
    sim = await buildSmallSim({ billfoldUrl: BILLFOLD });
    sim.setOrigin('http://127.0.0.1:4555');
  });
  afterAll(() => sim.app.close());

  const login = (email: string, password = 'demo') =>
    sim.app.inject({ method: 'POST', url: '/portal/login', payload: { email, password } });
  const getPage = (url: string, cookie: string) => sim.app.inject({ url, headers: { cookie } });
  const jwks = async () =>
    createLocalJWKSet(
      (await sim.app.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet,
    );

  it('shows the sign-in form', async () => {
    const response = await sim.app.inject({ url: '/portal/login' });
    expect(response.body).toContain('name="email"');
    expect(response.body).toContain('name="password"');
  });

  it('rejects a wrong password', async () => {
    const response = await login('ada.admin@northwind.example', 'wrong');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('role="alert"');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('signs Ada in straight to payments with a verifiable token', async () => {
    const response = await login('Ada.Admin@Northwind.example');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/portal/payments');
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(response.headers['set-cookie'])).toMatch(/SameSite=Lax/);

    const payments = await getPage('/portal/payments', cookieOf(response));
    expect(payments.body).toContain('<iframe name="billfold" title="Billfold invoices"');
    expect(payments.body).toContain(`action="${BILLFOLD}/sso/connectwise" target="billfold"`);
    expect(payments.body).toContain('src="/portal/assets/launch.js"');
    expect(payments.body).not.toMatch(/<script>/);
    expect(String(payments.headers['content-security-policy'])).toContain(`frame-src ${BILLFOLD}`);

    const token = launchToken(payments.body);
    const { payload } = await jwtVerify(token, await jwks(), {
      issuer: 'http://127.0.0.1:4555',
      audience: BILLFOLD,
      typ: 'billfold-launch+jwt',
      algorithms: ['ES256'],
    });
    expect(payload.sub).toBe('1');
    expect(payload.email).toBe('ada.admin@northwind.example');
    expect(payload.company_id).toBe('1');
    expect(payload.roles).toEqual(['Billing Admin']);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('mints a fresh token on every render', async () => {
    const cookie = cookieOf(await login('nora.norole@northwind.example'));
    const first = launchToken((await getPage('/portal/payments', cookie)).body);
    const second = launchToken((await getPage('/portal/payments', cookie)).body);
    expect(first).not.toBe(second);
  });

  it('lets Sam choose between Contoso and Fabrikam', async () => {
    const response = await login('sam.shared@contoso.example');
    expect(response.headers.location).toBe('/portal/choose-company');
    const cookie = cookieOf(response);

    const choose = await getPage('/portal/choose-company', cookie);
    const buttons = [
      ...choose.body.matchAll(
        /<button type="submit" name="contact_id" value="(\d+)">([^<]+)<\/button>/g,
      ),
    ];
    expect(buttons.map((match) => match[2])).toEqual(['Contoso', 'Fabrikam']);

    const fabrikam = buttons[1]?.[1] ?? '';
    const chosen = await sim.app.inject({
      method: 'POST',
      url: '/portal/choose-company',
      headers: { cookie },
      payload: { contact_id: fabrikam },
    });
    expect(chosen.headers.location).toBe('/portal/payments');

    const payments = await getPage('/portal/payments', cookie);
    const { payload } = await jwtVerify(launchToken(payments.body), await jwks());
    expect(payload.company_id).toBe('3');
    expect(payload.sub).toBe(fabrikam);
    expect(payments.body).toContain('Switch company');
  });

  it('keeps old keys in the JWKS after rotation', async () => {
    const cookie = cookieOf(await login('ada.admin@northwind.example'));
    const before = launchToken((await getPage('/portal/payments', cookie)).body);
    await sim.rotateSigningKey();
    const after = launchToken((await getPage('/portal/payments', cookie)).body);

    const keys = (await sim.app.inject({ url: '/.well-known/jwks.json' })).json() as {
      keys: Record<string, unknown>[];
    };
    expect(keys.keys).toHaveLength(2);
    expect(keys.keys.every((key) => key.d === undefined)).toBe(true);
    expect(decodeProtectedHeader(before).kid).not.toBe(decodeProtectedHeader(after).kid);
    await expect(jwtVerify(before, await jwks())).resolves.toBeDefined();
  });

  it('asks for a link when no Billfold account is linked', async () => {
    const unlinked = await buildSmallSim();
    const response = await unlinked.app.inject({
      method: 'POST',
      url: '/portal/login',
      payload: { email: 'ada.admin@northwind.example', password: 'demo' },
    });
    const payments = await unlinked.app.inject({
      url: '/portal/payments',
      headers: { cookie: cookieOf(response) },
    });
    expect(payments.body).toContain('href="/portal/admin"');
    expect(payments.body).not.toContain('launch_token');
    await unlinked.app.close();
  });
});
