import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setSsoSettings } from '@billfold/db';
import { testDialects } from '@billfold/db/testing';
import { at, HOST_ORIGIN, PORTAL_A, PORTAL_B, signLaunch, T0 } from '../support/fixture.js';
import { apiGet, launch } from '../support/launch.js';
import { createScenario, type Scenario } from '../support/scenario.js';

const MINUTE = 60_000;

describe.each(testDialects())('session lifecycle (%s)', (dialect) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario(dialect);
  });
  beforeEach(async () => {
    s.clock.now = T0;
    await s.ctx.db
      .updateTable('contacts')
      .set({ profile_id: s.profiles.admin, inactive: 0 })
      .where('id', '=', s.contacts.ada)
      .execute();
    await setSsoSettings(s.ctx.db, s.tenant.id, { enabled: true }, T0);
  });
  afterAll(async () => {
    await s.close();
  });

  const code = (response: { json(): unknown }) =>
    (response.json() as { error: { code: string } }).error.code;

  it('replayed token rejected', async () => {
    const token = await signLaunch(s);
    const send = () =>
      s.app.inject(
        at(PORTAL_A, { method: 'POST', url: '/api/v1/sessions', payload: { launch_token: token } }),
      );
    expect((await send()).statusCode).toBe(201);
    const replay = await send();
    expect(replay.statusCode).toBe(401);
    expect(code(replay)).toBe('token_replayed');
  });

  it('replay rejected across app instances', async () => {
    const { buildApp } = await import('../../src/app.js');
    const second = await buildApp({ ctx: s.ctx });
    const token = await signLaunch(s);
    const request = at(PORTAL_A, {
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { launch_token: token },
    });
    expect((await s.app.inject(request)).statusCode).toBe(201);
    const replay = await second.inject(request);
    expect(code(replay)).toBe('token_replayed');
    await second.close();
  });

  it('clock skew within tolerance accepted', async () => {
    const token = await signLaunch(s); // iat = T0, exp = T0 + 60 s
    s.clock.now = T0 + 85_000; // 25 s past exp, inside the 30 s tolerance
    const response = await s.app.inject(
      at(PORTAL_A, { method: 'POST', url: '/api/v1/sessions', payload: { launch_token: token } }),
    );
    expect(response.statusCode).toBe(201);
  });

  it('clock skew beyond tolerance rejected', async () => {
    const token = await signLaunch(s);
    s.clock.now = T0 + 95_000;
    const response = await s.app.inject(
      at(PORTAL_A, { method: 'POST', url: '/api/v1/sessions', payload: { launch_token: token } }),
    );
    expect(code(response)).toBe('token_expired');
  });

  it('issuer clock ahead within tolerance accepted', async () => {
    s.clock.now = T0 + 20_000;
    const token = await signLaunch(s);
    s.clock.now = T0;
    const response = await s.app.inject(
      at(PORTAL_A, { method: 'POST', url: '/api/v1/sessions', payload: { launch_token: token } }),
    );
    expect(response.statusCode).toBe(201);
  });

  it('new session id every launch', async () => {
    const first = await launch(s);
    const second = await launch(s);
    expect(first.token).not.toBe(second.token);
    expect((await apiGet(s, '/api/v1/me', first.token)).statusCode).toBe(200);
    expect((await apiGet(s, '/api/v1/me', second.token)).statusCode).toBe(200);
  });

  it('session bound to its tenant', async () => {
    const { token } = await launch(s);
    const response = await apiGet(s, '/api/v1/me', token, PORTAL_B);
    expect(response.statusCode).toBe(401);
    expect(code(response)).toBe('session_invalid');
  });

  it.each([
    ['missing header', undefined],
    ['basic scheme', 'Basic YWRhOmRlbW8='],
    ['bearer empty', 'Bearer '],
    ['bearer wrong length', 'Bearer abc'],
    ['unknown token', `Bearer ${'A'.repeat(43)}`],
  ])('invalid session: %s', async (_name, authorization) => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        headers: authorization === undefined ? {} : { authorization },
      }),
    );
    expect(response.statusCode).toBe(401);
    expect(code(response)).toBe('session_invalid');
  });

  it('profile revoke ends live session', async () => {
    const { token } = await launch(s);
    expect((await apiGet(s, '/api/v1/invoices', token)).statusCode).toBe(200);
    await s.ctx.db
      .updateTable('contacts')
      .set({ profile_id: s.profiles.revoke })
      .where('id', '=', s.contacts.ada)
      .execute();
    const response = await apiGet(s, '/api/v1/invoices', token);
    expect(response.statusCode).toBe(401);
    expect(code(response)).toBe('session_revoked');

    await s.ctx.db
      .updateTable('contacts')
      .set({ profile_id: s.profiles.admin })
      .where('id', '=', s.contacts.ada)
      .execute();
    const after = await apiGet(s, '/api/v1/invoices', token);
    expect(code(after)).toBe('session_revoked');
    const row = await s.ctx.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('revoked_at', 'is not', null)
      .executeTakeFirst();
    expect(row?.revoked_at).toBe(T0);
  });

  it('inactive contact ends live session', async () => {
    const { token } = await launch(s);
    await s.ctx.db
      .updateTable('contacts')
      .set({ inactive: 1 })
      .where('id', '=', s.contacts.ada)
      .execute();
    expect(code(await apiGet(s, '/api/v1/me', token))).toBe('session_revoked');
  });

  it('sso off ends live session', async () => {
    const { token } = await launch(s);
    await setSsoSettings(s.ctx.db, s.tenant.id, { enabled: false }, T0);
    expect(code(await apiGet(s, '/api/v1/me', token))).toBe('session_revoked');
  });

  it('idle timeout after 30 minutes', async () => {
    const { token } = await launch(s);
    s.clock.advance(29 * MINUTE);
    expect((await apiGet(s, '/api/v1/me', token)).statusCode).toBe(200);
    s.clock.advance(29 * MINUTE);
    expect((await apiGet(s, '/api/v1/me', token)).statusCode).toBe(200);
    s.clock.advance(30 * MINUTE);
    expect(code(await apiGet(s, '/api/v1/me', token))).toBe('session_expired');
  });

  it('last seen written at most once a minute', async () => {
    const { token } = await launch(s);
    s.clock.advance(30_000);
    await apiGet(s, '/api/v1/me', token);
    const rows = await s.ctx.db
      .selectFrom('sessions')
      .select(['last_seen_at', 'created_at'])
      .orderBy('created_at', 'desc')
      .execute();
    expect(rows.some((row) => row.last_seen_at === T0 + 30_000)).toBe(false);
    s.clock.advance(40_000);
    await apiGet(s, '/api/v1/me', token);
    const touched = await s.ctx.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('last_seen_at', '=', T0 + 70_000)
      .execute();
    expect(touched).toHaveLength(1);
  });

  it('absolute timeout after 8 hours', async () => {
    const { token } = await launch(s);
    for (let minutes = 25; minutes < 8 * 60; minutes += 25) {
      s.clock.now = T0 + minutes * MINUTE;
      expect((await apiGet(s, '/api/v1/me', token)).statusCode).toBe(200);
    }
    s.clock.now = T0 + 8 * 60 * MINUTE;
    expect(code(await apiGet(s, '/api/v1/me', token))).toBe('session_expired');
  });

  it('sign out ends session', async () => {
    const { token } = await launch(s);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'DELETE',
        url: '/api/v1/sessions/current',
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/__Host-billfold_session=;/);
    expect(code(await apiGet(s, '/api/v1/me', token))).toBe('session_revoked');
  });

  it('cookie attributes', async () => {
    const { response } = await launch(s);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-billfold_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=None');
    expect(cookie).toContain('Partitioned');
    expect(cookie).not.toContain('Domain=');
  });

  it('cookie accepted for reads', async () => {
    const { token } = await launch(s);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'GET',
        url: '/api/v1/me',
        cookies: { '__Host-billfold_session': token },
      }),
    );
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['no header, no origin', {}],
    ['header without origin', { 'x-billfold-request': '1' }],
    ['origin without header', { origin: PORTAL_A }],
    ['foreign origin', { 'x-billfold-request': '1', origin: 'https://evil.example' }],
    ['look-alike origin', { 'x-billfold-request': '1', origin: 'https://host.example.evil.test' }],
    ['header wrong value', { 'x-billfold-request': 'true', origin: PORTAL_A }],
  ])('cookie sign out csrf rejected: %s', async (_name, headers) => {
    const { token } = await launch(s);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'DELETE',
        url: '/api/v1/sessions/current',
        headers,
        cookies: { '__Host-billfold_session': token },
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(code(response)).toBe('csrf_rejected');
    expect((await apiGet(s, '/api/v1/me', token)).statusCode).toBe(200);
  });

  it.each([PORTAL_A, HOST_ORIGIN])('cookie sign out allowed from %s', async (origin) => {
    const { token } = await launch(s);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'DELETE',
        url: '/api/v1/sessions/current',
        headers: { 'x-billfold-request': '1', origin },
        cookies: { '__Host-billfold_session': token },
      }),
    );
    expect(response.statusCode).toBe(204);
  });
});
