import { testDialects } from '@billfold/db/testing';
import type { InjectOptions } from 'fastify';
import { exportJWK, generateKeyPair, generateSecret } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInternalUser } from '../../src/admin/passwords.js';
import { createScenario, type Scenario } from '../support/scenario.js';
import {
  adminRequest,
  ADMIN_EMAIL,
  MASTER_EMAIL,
  PASSWORD,
  signIn,
  type AdminSignIn,
} from './admin-fixture.js';

describe.each(testDialects())('admin console API (%s)', (dialect) => {
  let s: Scenario;
  let master: AdminSignIn;

  beforeEach(async () => {
    s = await createScenario(dialect);
    for (const [email, role] of [
      [MASTER_EMAIL, 'master'],
      [ADMIN_EMAIL, 'admin'],
    ] as const) {
      await createInternalUser(s.ctx.db, {
        tenantId: s.tenant.id,
        email,
        password: PASSWORD,
        role,
      });
    }
    master = await signIn(s);
  });
  afterEach(async () => {
    await s.close();
  });

  const call = (options: InjectOptions, session: AdminSignIn = master) =>
    s.app.inject(adminRequest({ ...options, signIn: session }));

  describe('SSO settings', () => {
    const valid = {
      enabled: true,
      provider: 'connectwise_portal',
      required_role: 'Billing Admin',
      host_origins: 'https://HOST.example:443/\nhttps://other.example',
      issuers: [
        {
          issuer: 'https://manage.host.example',
          jwks_url: 'https://manage.host.example/jwks',
          algorithms: ['ES256'],
        },
      ],
    };

    it('saves and normalises a valid form', async () => {
      const response = await call({ method: 'PUT', url: '/api/v1/admin/sso', payload: valid });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        enabled: true,
        provider: 'connectwise_portal',
        host_origins: ['https://host.example', 'https://other.example'],
        issuers: [{ issuer: 'https://manage.host.example', algorithms: ['ES256'] }],
      });
    });

    it('returns every field error at once', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const privateJwk = await exportJWK(privateKey);
      const secret = await exportJWK(await generateSecret('HS256', { extractable: true }));
      const response = await call({
        method: 'PUT',
        url: '/api/v1/admin/sso',
        payload: {
          enabled: true,
          provider: 'saml',
          host_origins:
            'http://host.example\nhttps://host.example/path\nnot a url\nhttps://host.example?x=1',
          issuers: [
            {
              issuer: 'http://issuer.example',
              jwks_url: 'https://issuer.example/jwks',
              algorithms: ['ES256'],
            },
            {
              issuer: 'https://a.example',
              jwks: JSON.stringify({ keys: [privateJwk] }),
              algorithms: ['ES256'],
            },
            { issuer: 'https://b.example', jwks: JSON.stringify(secret), algorithms: ['ES256'] },
            { issuer: 'https://c.example', jwks: '{not json', algorithms: ['HS256'] },
            { issuer: 'https://d.example', algorithms: ['ES256'] },
            {
              issuer: 'https://e.example',
              jwks: JSON.stringify(await exportJWK(publicKey)),
              jwks_url: 'https://e.example/jwks',
              algorithms: ['ES256'],
            },
          ],
        },
      });
      expect(response.statusCode).toBe(400);
      const body = response.json<{ error: { code: string }; fields: Record<string, string> }>();
      expect(body.error.code).toBe('validation_failed');
      expect(Object.keys(body.fields).sort()).toEqual(
        [
          'provider',
          'host_origins[0]',
          'host_origins[1]',
          'host_origins[2]',
          'host_origins[3]',
          'issuers[0].issuer',
          'issuers[1].jwks',
          'issuers[2].jwks',
          'issuers[3].jwks',
          'issuers[3].algorithms',
          'issuers[4].jwks_url',
          'issuers[5].jwks',
        ].sort(),
      );
      const stored = await s.ctx.db
        .selectFrom('tenants')
        .select('sso_provider')
        .where('id', '=', s.tenant.id)
        .executeTakeFirstOrThrow();
      expect(stored.sso_provider).toBe('connectwise_portal');
    });

    it('requires the validation URL for token callback', async () => {
      const response = await call({
        method: 'PUT',
        url: '/api/v1/admin/sso',
        payload: { ...valid, provider: 'token_callback', callback_validation_url: '' },
      });
      expect(response.json().fields).toHaveProperty('callback_validation_url');
    });

    it('accepts pasted public keys', async () => {
      const { publicKey } = await generateKeyPair('EdDSA', { extractable: true });
      const response = await call({
        method: 'PUT',
        url: '/api/v1/admin/sso',
        payload: {
          ...valid,
          issuers: [
            {
              issuer: 'https://k.example',
              jwks: JSON.stringify(await exportJWK(publicKey)),
              algorithms: ['EdDSA'],
            },
          ],
        },
      });
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.json().issuers[0].jwks).keys).toHaveLength(1);
    });
  });

  describe('bulk profile update', () => {
    const countAt = async (profileId: number) =>
      Number(
        (
          await s.ctx.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('tenant_id', '=', s.tenant.id)
            .where('profile_id', '=', profileId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('previews and applies only to contacts still at Revoke Access', async () => {
      const body = { profile_id: s.profiles.viewOnly, mode: 'only_revoked' };
      const preview = await call({
        method: 'POST',
        url: '/api/v1/admin/bulk-profile/preview',
        payload: body,
      });
      expect(preview.json()).toEqual({ count: 1, sample: ['Ada Admin'] });
      const adminsBefore = await countAt(s.profiles.admin);

      const apply = await call({
        method: 'POST',
        url: '/api/v1/admin/bulk-profile/apply',
        payload: body,
      });
      expect(apply.json()).toEqual({ updated: 1 });
      expect(await countAt(s.profiles.revoke)).toBe(0);
      expect(await countAt(s.profiles.admin)).toBe(adminsBefore);
    });

    it('applies to all default billing contacts in mode all', async () => {
      const body = { profile_id: s.profiles.viewOnly, mode: 'all' };
      const preview = await call({
        method: 'POST',
        url: '/api/v1/admin/bulk-profile/preview',
        payload: body,
      });
      expect(preview.json().count).toBe(8);
      const apply = await call({
        method: 'POST',
        url: '/api/v1/admin/bulk-profile/apply',
        payload: body,
      });
      expect(apply.json()).toEqual({ updated: 8 });
      expect(await countAt(s.profiles.viewOnly)).toBe(8);
    });

    it('rejects an unknown mode and profile together', async () => {
      const response = await call({
        method: 'POST',
        url: '/api/v1/admin/bulk-profile/apply',
        payload: { profile_id: 99999, mode: 'everyone' },
      });
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.json().fields).sort()).toEqual(['mode', 'profile_id']);
    });

    it('needs the CSRF token', async () => {
      const response = await call({
        method: 'POST',
        url: '/api/v1/admin/bulk-profile/apply',
        payload: { profile_id: s.profiles.admin, mode: 'all' },
        headers: { 'x-csrf-token': 'forged' },
      });
      expect(response.json().error.code).toBe('csrf_rejected');
      expect(await countAt(s.profiles.admin)).toBe(6);
    });
  });

  describe('diagnosis', () => {
    const diagnose = async (payload: object) => {
      const response = await call({ method: 'POST', url: '/api/v1/admin/diagnose', payload });
      expect(response.statusCode).toBe(200);
      return response.json<{
        eligible: boolean;
        reasons: string[];
        explanations: { href: string }[];
      }>();
    };

    it('finds an eligible contact eligible', async () => {
      expect(await diagnose({ email: 'ada.admin@northwind.example' })).toMatchObject({
        eligible: true,
        reasons: [],
      });
    });

    it.each([
      [{ email: 'nobody@northwind.example' }, ['contact_not_found']],
      [{ email: 'una.unlinked@northwind.example' }, ['contact_not_linked']],
      [{ email: 'ada.admin@northwind.example', psa_company_id: '9002' }, ['company_mismatch']],
      [{ email: 'ina.inactive@northwind.example' }, ['contact_inactive']],
      [{ email: 'ivan.internal@northwind.example' }, ['internal_user_conflict']],
      [{ email: 'rex.revoked@northwind.example' }, ['access_revoked']],
      [{ email: 'ada.admin@northwind.example', roles: 'Employee' }, ['missing_billing_role']],
    ])('names the reason for %j', async (payload, reasons) => {
      expect((await diagnose(payload)).reasons).toEqual(reasons);
    });

    it('checks each company of a shared email', async () => {
      const verdict = await diagnose({ email: 'sam.shared@contoso.example' });

      expect(verdict.eligible).toBe(true);
      expect(verdict.reasons).toEqual([]);
    });

    it('resolves a shared email within the given company', async () => {
      expect(
        await diagnose({ email: 'sam.shared@contoso.example', psa_company_id: '9003' }),
      ).toMatchObject({ eligible: true });
    });

    it('names company_mismatch and email_mismatch for a contact id', async () => {
      const mismatch = await diagnose({
        contact_id: String(s.contacts.ada),
        psa_company_id: '9002',
      });
      expect(mismatch.reasons).toEqual(['company_mismatch']);
      const email = await diagnose({
        contact_id: String(s.contacts.ada),
        email: 'other@northwind.example',
      });
      expect(email.reasons).toEqual(['email_mismatch']);
    });

    it('names sso_disabled with a link to the SSO page', async () => {
      await s.ctx.db
        .updateTable('tenants')
        .set({ sso_enabled: 0 })
        .where('id', '=', s.tenant.id)
        .execute();
      const result = await diagnose({ email: 'ada.admin@northwind.example' });
      expect(result.reasons).toEqual(['sso_disabled']);
      expect(result.explanations[0]?.href).toBe('/admin/sso');
    });

    it('needs an email or a contact', async () => {
      const response = await call({ method: 'POST', url: '/api/v1/admin/diagnose', payload: {} });
      expect(response.json().fields).toHaveProperty('email');
    });
  });

  describe('roles and users', () => {
    it('keeps internal users to masters', async () => {
      const admin = await signIn(s, ADMIN_EMAIL);
      const list = await call({ method: 'GET', url: '/api/v1/admin/users' }, admin);
      expect(list.statusCode).toBe(403);
      expect(list.json().error.code).toBe('role_forbidden');
      const page = await s.app.inject(
        adminRequest({ method: 'GET', url: '/admin/users', signIn: admin }),
      );
      expect(page.statusCode).toBe(303);
    });

    it('lets a master create a user and change its role', async () => {
      const created = await call({
        method: 'POST',
        url: '/api/v1/admin/users',
        payload: { email: 'new@msp.example', password: 'a long enough password', role: 'admin' },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: number }>().id;
      const duplicate = await call({
        method: 'POST',
        url: '/api/v1/admin/users',
        payload: { email: 'NEW@msp.example', password: 'a long enough password', role: 'admin' },
      });
      expect(duplicate.json().fields).toHaveProperty('email');
      const role = await call({
        method: 'PUT',
        url: `/api/v1/admin/users/${id}/role`,
        payload: { role: 'master' },
      });
      expect(role.json()).toEqual({ id, role: 'master' });
      const list = await call({ method: 'GET', url: '/api/v1/admin/users' });
      expect(list.json().data).toContainEqual({
        id,
        email: 'new@msp.example',
        role: 'master',
        totp_enabled: false,
      });
    });
  });

  describe('contacts and profiles', () => {
    it('searches, filters and pages contacts', async () => {
      const search = await call({ method: 'GET', url: '/api/v1/admin/contacts?search=SAM' });
      expect(search.json().total).toBe(2);
      const inactive = await call({ method: 'GET', url: '/api/v1/admin/contacts?inactive=1' });
      expect(inactive.json().data.map((row: { psa_id: number }) => row.psa_id)).toEqual([5004]);
      const company = await call({
        method: 'GET',
        url: `/api/v1/admin/contacts?company_id=${s.companies.contoso}`,
      });
      expect(company.json().total).toBe(1);
      const paged = await call({ method: 'GET', url: '/api/v1/admin/contacts?per_page=3&page=3' });
      expect(paged.json()).toMatchObject({ total: 8, page: 3 });
      expect(paged.json().data).toHaveLength(2);
    });

    it('sets one contact profile and refuses to delete Revoke Access', async () => {
      const set = await call({
        method: 'PUT',
        url: `/api/v1/admin/contacts/${s.contacts.rex}/profile`,
        payload: { profile_id: s.profiles.admin },
      });
      expect(set.statusCode).toBe(200);
      const gone = await call({
        method: 'DELETE',
        url: `/api/v1/admin/profiles/${s.profiles.revoke}`,
      });
      expect(gone.statusCode).toBe(409);
      const created = await call({
        method: 'POST',
        url: '/api/v1/admin/profiles',
        payload: { name: 'Payers', view_invoices: true, download_pdf: false, pay: true },
      });
      expect(created.json()).toMatchObject({
        name: 'Payers',
        view_invoices: true,
        download_pdf: false,
        pay: true,
      });
    });
  });
});
