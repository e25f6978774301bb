import { testDialects } from '@billfold/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_IDLE_MS } from '../../src/admin/session.js';
import { PORTAL_A } from '../support/fixture.js';
import {
  adminRequest,
  createAdminHarness,
  MASTER_EMAIL,
  PASSWORD,
  signIn,
  type AdminHarness,
} from './admin-fixture.js';

describe.each(testDialects())('admin sign-in (%s)', (dialect) => {
  let h: AdminHarness;
  beforeEach(async () => {
    h = await createAdminHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  const post = (payload: object, headers: Record<string, string> = {}) =>
    h.app.inject(adminRequest({ method: 'POST', url: '/api/v1/admin/session', payload, headers }));

  it('signs in with a host-only secure cookie', async () => {
    const response = await post({ email: MASTER_EMAIL.toUpperCase(), password: PASSWORD });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ user: { email: MASTER_EMAIL, role: 'master' } });
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^__Host-billfold_admin=[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/Secure/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\//);
    const stored = await h.ctx.db.selectFrom('admin_sessions').select('id_hash').execute();
    expect(header).not.toContain(stored[0]?.id_hash);
  });

  it('rejects a wrong password and an unknown email alike', async () => {
    const wrong = await post({ email: MASTER_EMAIL, password: 'nope' });
    const unknown = await post({ email: 'nobody@msp.example', password: PASSWORD });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('sign_in_failed');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('throttles after five failures per email', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await post({ email: MASTER_EMAIL, password: 'nope' })).statusCode).toBe(401);
    }
    const blocked = await post({ email: MASTER_EMAIL, password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    h.clock.advance(15 * 60_000);
    expect((await post({ email: MASTER_EMAIL, password: PASSWORD })).statusCode).toBe(201);
  });

  it('throttles after five failures per IP across emails', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await post({ email: `user${attempt}@msp.example`, password: 'nope' });
    }
    expect((await post({ email: MASTER_EMAIL, password: PASSWORD })).statusCode).toBe(429);
  });

  it('rejects unknown body fields', async () => {
    const response = await post({ email: MASTER_EMAIL, password: PASSWORD, role: 'master' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses sign-in from another origin', async () => {
    const response = await post(
      { email: MASTER_EMAIL, password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_rejected');
  });

  it('needs the session cookie for the API', async () => {
    const response = await h.app.inject(
      adminRequest({ method: 'GET', url: '/api/v1/admin/session' }),
    );
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('admin_session_required');
  });

  it('refuses a change without the CSRF token or with a foreign origin', async () => {
    const session = await signIn(h);
    const noToken = await h.app.inject(
      adminRequest({
        method: 'DELETE',
        url: '/api/v1/admin/session',
        headers: { cookie: session.cookie },
      }),
    );
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_rejected');

    const foreign = await h.app.inject(
      adminRequest({
        method: 'DELETE',
        url: '/api/v1/admin/session',
        signIn: session,
        headers: { origin: `${PORTAL_A}.evil.example` },
      }),
    );
    expect(foreign.json().error.code).toBe('csrf_rejected');

    const ok = await h.app.inject(
      adminRequest({ method: 'DELETE', url: '/api/v1/admin/session', signIn: session }),
    );
    expect(ok.statusCode).toBe(204);
    const after = await h.app.inject(
      adminRequest({ method: 'GET', url: '/api/v1/admin/session', signIn: session }),
    );
    expect(after.statusCode).toBe(401);
  });

  it('ends an idle session after 30 minutes', async () => {
    const session = await signIn(h);
    h.clock.advance(ADMIN_IDLE_MS - 1000);
    const get = () =>
      h.app.inject(adminRequest({ method: 'GET', url: '/api/v1/admin/session', signIn: session }));
    expect((await get()).statusCode).toBe(200);
    h.clock.advance(ADMIN_IDLE_MS);
    expect((await get()).statusCode).toBe(401);
  });

  it('ends a session after 12 hours even when active', async () => {
    const session = await signIn(h);
    const get = () =>
      h.app.inject(adminRequest({ method: 'GET', url: '/api/v1/admin/session', signIn: session }));
    for (let step = 0; step < 26; step += 1) {
      h.clock.advance(29 * 60_000);
      await get();
    }
    expect((await get()).statusCode).toBe(401);
  });
});
