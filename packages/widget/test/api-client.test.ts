import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient, ApiError } from '../src/api-client.js';
import { buildAccount } from './support/fixtures.js';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.js';

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
  server.accounts.set('access-1', buildAccount(30));
  server.launches.set('launch-ok', { kind: 'session', accessToken: 'access-1' });
  server.launches.set('launch-revoked', { kind: 'not-eligible', reasons: ['access_revoked'] });
  server.launches.set('launch-old', { kind: 'token-fault', code: 'token_expired' });
});

afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);

  return error as ApiError;
}

describe('ApiClient', () => {
  it('exchanges a launch token', async () => {
    const client = new ApiClient(`${server.origin}/`);
    const created = await client.createSession('launch-ok');

    expect(created.access_token).toBe('access-1');
    expect(client.hasSession).toBe(true);
  });

  it('sends the bearer header', async () => {
    const client = new ApiClient(server.origin, 'access-1');
    const page = await client.listInvoices('all', 10);

    expect(page.data).toHaveLength(10);
    const last = server.requests.at(-1);
    expect(last?.authorization).toBe('Bearer access-1');
    expect(last?.url).not.toContain('access-1');
  });

  it('follows the cursor', async () => {
    const client = new ApiClient(server.origin, 'access-1');
    const first = await client.listInvoices('all', 25);
    const second = await client.listInvoices('all', 25, first.next_cursor);

    expect(second.data).toHaveLength(5);
    expect(second.next_cursor).toBeNull();
    expect(second.data.map((row) => row.id)).not.toContain(first.data[0]?.id);
  });

  it('codes not-eligible launches', async () => {
    const error = await failure(new ApiClient(server.origin).createSession('launch-revoked'));

    expect(error.status).toBe(403);
    expect(error.code).toBe('not_eligible');
    expect(error.reasons).toEqual(['access_revoked']);
  });

  it('codes token faults', async () => {
    const error = await failure(new ApiClient(server.origin).createSession('launch-old'));

    expect(error.status).toBe(401);
    expect(error.code).toBe('token_expired');
  });

  it('codes unknown sessions', async () => {
    const error = await failure(new ApiClient(server.origin, 'nobody').me());

    expect(error.code).toBe('session_invalid');
  });

  it('codes unreachable portals', async () => {
    const error = await failure(new ApiClient('http://127.0.0.1:9').me());

    expect(error.status).toBe(0);
    expect(error.code).toBe('network_error');
  });

  it('fetches a PDF blob', async () => {
    const blob = await new ApiClient(server.origin, 'access-1').getInvoicePdf(1);

    expect(blob.type).toBe('application/pdf');
    expect(await blob.text()).toContain('%PDF-');
  });
});
