import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManageSim, type ManageSim } from '../src/index.js';
import { AUTH_HEADERS } from './helpers.js';

describe('startManageSim', () => {
  let sim: ManageSim;
  beforeAll(async () => {
    sim = await startManageSim({ port: 0, companies: 4, contacts: 8, invoices: 20 });
  });
  afterAll(() => sim.close());

  it('listens on a loopback origin', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the API over HTTP', async () => {
    const response = await fetch(`${sim.url}/v4_6_release/apis/3.0/company/companies`, {
      headers: { authorization: AUTH_HEADERS.authorization, clientId: AUTH_HEADERS.clientid },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(7);
  });

  it('serves the JWKS', async () => {
    const response = await fetch(`${sim.url}/.well-known/jwks.json`);
    const body = (await response.json()) as { keys: { kty: string; crv: string }[] };
    expect(body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('rejects an invalid Billfold URL', () => {
    expect(() => sim.linkBillfold('https://billing.example.com/path')).toThrow();
  });
});
