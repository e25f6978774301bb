import { recordSsoEvent } from '@billfold/db';
import { startManageSim } from '@billfold/manage-sim';
import { testDialects } from '@billfold/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/admin/totp.js';
import { PORTAL_A } from '../support/fixture.js';
import {
  adminRequest,
  ADMIN_EMAIL,
  createAdminHarness,
  MASTER_EMAIL,
  PASSWORD,
  signIn,
  type AdminHarness,
  type AdminSignIn,
} from './admin-fixture.js';

describe.each(testDialects())('admin pages and activity (%s)', (dialect) => {
  let h: AdminHarness;
  let master: AdminSignIn;
  beforeEach(async () => {
    h = await createAdminHarness(dialect);
    master = await signIn(h);
  });
  afterEach(async () => {
    await h.close();
  });

  const get = (url: string, session?: AdminSignIn) =>
    h.app.inject(adminRequest({ method: 'GET', url, ...(session ? { signIn: session } : {}) }));

  it('redirects to sign-in without a session', async () => {
    const response = await get('/admin/sso');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/login');
    const login = await get('/admin/login');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('data-testid="login-email"');
  });

  it.each([
    '/admin/sso',
    '/admin/contacts',
    '/admin/profiles',
    '/admin/diagnose',
    '/admin/activity',
    '/admin/sync',
    '/admin/users',
  ])('renders %s with a strict CSP and no inline script', async (url) => {
    const response = await get(url, master);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(response.body).not.toMatch(/\son[a-z]+="/);
    expect(response.body).toContain(`content="${master.csrf}"`);
  });

  it('escapes stored values in pages', async () => {
    await h.ctx.db
      .insertInto('tenant_host_origins')
      .values({
        tenant_id: h.tenant.id,
        origin: 'https://x.example"><script>alert(1)</script>',
        created_at: 0,
      })
      .execute();
    const response = await get('/admin/sso', master);
    expect(response.body).not.toContain('<script>alert(1)');
  });

  it('serves the script and styles', async () => {
    const script = await get('/admin/assets/admin.js');
    expect(script.headers['content-type']).toContain('text/javascript');
    const styles = await get('/admin/assets/admin.css');
    expect(styles.headers['content-type']).toContain('text/css');
  });

  it('lists, filters and counts SSO events', async () => {
    const event = (at: number, outcome: string, reasons: string) =>
      recordSsoEvent(h.ctx.db, {
        tenant_id: h.tenant.id,
        at,
        provider: 'connectwise_portal',
        outcome,
        reasons,
        issuer: null,
        psa_contact_id: null,
        contact_id: null,
        email_masked: null,
        ip: null,
      });
    const now = h.clock.now;
    await event(now - 1000, 'rejected', 'access_revoked missing_billing_role');
    await event(now - 2 * 86_400_000, 'rejected', 'access_revoked');
    await event(now - 3000, 'success', '');

    const rejected = await get('/api/v1/admin/sso-events?outcome=rejected', master);
    expect(rejected.json().total).toBe(2);
    const byReason = await get('/api/v1/admin/sso-events?reason=missing_billing_role', master);
    expect(byReason.json().data[0].reasons).toEqual(['access_revoked', 'missing_billing_role']);
    const summary = await get('/api/v1/admin/sso-events/summary', master);
    expect(summary.json()).toEqual({
      day: { access_revoked: 1, missing_billing_role: 1 },
      week: { access_revoked: 2, missing_billing_role: 1 },
    });
    const page = await get('/admin/activity', master);
    expect(page.body).toContain('data-testid="chart-day"');
  });

  it('runs Sync now in the background against the simulator', async () => {
    const sim = await startManageSim({ companies: 3, contacts: 10, invoices: 20, seed: 3 });
    try {
      h.ctx.config.manage = { ...h.ctx.config.manage, url: sim.url };
      expect((await get('/api/v1/admin/sync', master)).json()).toEqual({
        progress: null,
        runs: [],
      });
      const post = () =>
        h.app.inject(
          adminRequest({ method: 'POST', url: '/api/v1/admin/sync', signIn: master, payload: {} }),
        );
      const start = await post();
      expect(start.statusCode).toBe(202);
      expect((await post()).json().error.code).toBe('conflict');

      let status = (await get('/api/v1/admin/sync', master)).json();
      for (let poll = 0; poll < 200 && status.progress.running; poll += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await get('/api/v1/admin/sync', master)).json();
      }
      expect(status.progress.status).toBe('succeeded');
      expect(status.runs[0].status).toBe('succeeded');
    } finally {
      await sim.close();
    }
  });

  it('signs in with a second factor once enrolled', async () => {
    const users = await get('/api/v1/admin/users', master);
    const admin = users
      .json<{ data: { id: number; email: string }[] }>()
      .data.find((u) => u.email === ADMIN_EMAIL);
    const enrol = await h.app.inject(
      adminRequest({
        method: 'POST',
        url: `/api/v1/admin/users/${admin?.id}/totp`,
        signIn: master,
        payload: {},
      }),
    );
    const { secret, otpauth_uri } = enrol.json<{ secret: string; otpauth_uri: string }>();
    expect(otpauth_uri).toMatch(/^otpauth:\/\/totp\//);

    const post = (totp?: string) =>
      h.app.inject(
        adminRequest({
          method: 'POST',
          url: '/api/v1/admin/session',
          payload: { email: ADMIN_EMAIL, password: PASSWORD, totp },
        }),
      );
    expect((await post()).json().error.code).toBe('totp_required');
    expect((await post('000000')).json().error.code).toBe('sign_in_failed');
    expect((await post(totpCode(secret, h.clock.now - 30_000))).statusCode).toBe(201);
    expect((await post(totpCode(secret, h.clock.now - 90_000))).statusCode).toBe(401);
    expect(MASTER_EMAIL).not.toBe(ADMIN_EMAIL);
    expect(PORTAL_A).toMatch(/^https:/);
  });
});
