import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSsoSettings } from '@billfold/db';
import { testDialects } from '@billfold/db/testing';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  at,
  ISSUER,
  PORTAL_A,
  PORTAL_B,
  sessionCount,
  signLaunch,
  type LaunchClaimsInput,
  type SignOptions,
  type SigningKey,
} from '../support/fixture.js';
import { createScenario, type Scenario } from '../support/scenario.js';

/** One bad launch: how to make its token and the exact codes it must produce. */
interface AttackCase {
  name: string;
  token: (s: Scenario) => Promise<string>;
  reasons: string[];
}

const signed =
  (claims: LaunchClaimsInput, options: SignOptions = {}) =>
  (s: Scenario) =>
    signLaunch(s, claims, options);
const now = (s: Scenario) => Math.floor(s.clock.now / 1000);

// Re-encodes a signed token with a changed header or payload, keeping the old signature.
function reencode(
  token: string,
  part: 0 | 1,
  change: (value: Record<string, unknown>) => Record<string, unknown>,
): string {
  const parts = token.split('.');
  const decoded = JSON.parse(
    new TextDecoder().decode(base64url.decode(parts[part] ?? '')),
  ) as Record<string, unknown>;
  parts[part] = base64url.encode(JSON.stringify(change(decoded)));
  return parts.join('.');
}

function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.c2lnbmF0dXJl`;
}

function basePayload(s: Scenario): Record<string, unknown> {
  const iat = now(s);
  return {
    iss: ISSUER,
    aud: PORTAL_A,
    sub: '5001',
    email: 'ada.admin@northwind.example',
    company_id: '9001',
    roles: ['Billing Admin'],
    iat,
    exp: iat + 60,
    jti: randomUUID(),
  };
}

async function signWith(
  s: Scenario,
  alg: string,
  key: SigningKey | Uint8Array,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(basePayload(s))
    .setProtectedHeader({ alg, kid: s.keys.kid, typ: 'billfold-launch+jwt', ...header })
    .sign(key);
}

const TOKEN_CASES: AttackCase[] = [
  { name: 'one segment', token: async () => 'abc', reasons: ['token_malformed'] },
  { name: 'two segments', token: async () => 'abc.def', reasons: ['token_malformed'] },
  {
    name: 'four segments',
    token: async (s) => `${await signLaunch(s)}.extra`,
    reasons: ['token_malformed'],
  },
  {
    name: 'header not base64url',
    token: async (s) => `!!!.${(await signLaunch(s)).split('.').slice(1).join('.')}`,
    reasons: ['token_malformed'],
  },
  {
    name: 'header not json',
    token: async (s) =>
      `${base64url.encode('not json')}.${(await signLaunch(s)).split('.').slice(1).join('.')}`,
    reasons: ['token_malformed'],
  },
  {
    name: 'payload not json',
    token: async (s) => {
      const [h, , sig] = (await signLaunch(s)).split('.');
      return `${h}.${base64url.encode('[[[')}.${sig}`;
    },
    reasons: ['token_malformed'],
  },
  {
    name: 'alg none',
    token: async (s) =>
      unsigned({ alg: 'none', kid: s.keys.kid, typ: 'billfold-launch+jwt' }, basePayload(s)),
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'alg none upper',
    token: async (s) =>
      unsigned({ alg: 'NONE', kid: s.keys.kid, typ: 'billfold-launch+jwt' }, basePayload(s)),
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'hmac with public key',
    token: async (s) =>
      signWith(s, 'HS256', new TextEncoder().encode(JSON.stringify(s.keys.jwks.keys[0]))),
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'es384 not allowed',
    token: async (s) => {
      const { privateKey } = await generateKeyPair('ES384');
      return signWith(s, 'ES384', privateKey);
    },
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'eddsa not allowed for issuer',
    token: async (s) => {
      const { privateKey } = await generateKeyPair('EdDSA');
      return signWith(s, 'EdDSA', privateKey);
    },
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'rs256 not allowed for issuer',
    token: async (s) => {
      const { privateKey } = await generateKeyPair('RS256');
      return signWith(s, 'RS256', privateKey);
    },
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'embedded jwk header',
    token: async (s) => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      return signWith(s, 'ES256', privateKey, { jwk: await exportJWK(publicKey) });
    },
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'jku header',
    token: signed({}, { header: { jku: 'https://evil.example/jwks.json' } }),
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'x5u header',
    token: signed({}, { header: { x5u: 'https://evil.example/cert.pem' } }),
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'x5c header',
    token: signed({}, { header: { x5c: ['MIIB'] } }),
    reasons: ['token_algorithm_rejected'],
  },
  {
    name: 'signature flipped',
    token: async (s) => {
      const token = await signLaunch(s);
      const sig = token.split('.')[2] ?? '';
      const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
      return token.split('.').slice(0, 2).concat(flipped).join('.');
    },
    reasons: ['token_signature_invalid'],
  },
  {
    name: 'signature removed',
    token: async (s) => (await signLaunch(s)).split('.').slice(0, 2).join('.') + '.',
    reasons: ['token_malformed'],
  },
  {
    name: 'alg none empty signature',
    token: async (s) =>
      unsigned(
        { alg: 'none', kid: s.keys.kid, typ: 'billfold-launch+jwt' },
        basePayload(s),
      ).replace(/[^.]+$/, ''),
    reasons: ['token_malformed'],
  },
  {
    name: 'payload sub changed',
    token: async (s) => reencode(await signLaunch(s), 1, (p) => ({ ...p, sub: '5002' })),
    reasons: ['token_signature_invalid'],
  },
  {
    name: 'payload roles added',
    token: async (s) =>
      reencode(await signLaunch(s, { roles: [] }), 1, (p) => ({ ...p, roles: ['Billing Admin'] })),
    reasons: ['token_signature_invalid'],
  },
  {
    name: 'header kid swapped',
    token: async (s) =>
      reencode(await signLaunch(s), 0, (h) => ({ ...h, typ: 'billfold-launch+jwt', cty: 'x' })),
    reasons: ['token_signature_invalid'],
  },
  {
    name: 'other key same kid',
    token: async (s) => {
      const { privateKey } = await generateKeyPair('ES256');
      return signLaunch(s, {}, { key: privateKey });
    },
    reasons: ['token_signature_invalid'],
  },
  {
    name: 'kid missing',
    token: signed({}, { header: { kid: undefined } }),
    reasons: ['token_malformed'],
  },
  {
    name: 'unknown kid',
    token: signed({}, { kid: 'rotated-away' }),
    reasons: ['token_key_unknown'],
  },
  {
    name: 'unknown issuer',
    token: signed({ iss: 'https://evil.example' }),
    reasons: ['token_issuer_unknown'],
  },
  {
    name: 'issuer trailing slash',
    token: signed({ iss: `${ISSUER}/` }),
    reasons: ['token_issuer_unknown'],
  },
  {
    name: 'issuer upper case',
    token: signed({ iss: ISSUER.toUpperCase() }),
    reasons: ['token_issuer_unknown'],
  },
  { name: 'issuer array', token: signed({ iss: [ISSUER] }), reasons: ['token_malformed'] },
  { name: 'issuer missing', token: signed({ iss: undefined }), reasons: ['token_missing_claim'] },
  {
    name: 'audience other tenant',
    token: signed({ aud: PORTAL_B }),
    reasons: ['token_audience_mismatch'],
  },
  {
    name: 'audience array',
    token: signed({ aud: [PORTAL_A] }),
    reasons: ['token_audience_mismatch'],
  },
  {
    name: 'audience with path',
    token: signed({ aud: `${PORTAL_A}/sso` }),
    reasons: ['token_audience_mismatch'],
  },
  {
    name: 'audience http',
    token: signed({ aud: PORTAL_A.replace('https:', 'http:') }),
    reasons: ['token_audience_mismatch'],
  },
  {
    name: 'audience look-alike host',
    token: signed({ aud: 'https://acme.billfold.example.evil.test' }),
    reasons: ['token_audience_mismatch'],
  },
  { name: 'audience missing', token: signed({ aud: undefined }), reasons: ['token_missing_claim'] },
  {
    name: 'expired',
    token: async (s) => signLaunch(s, { iat: now(s) - 300, exp: now(s) - 240 }),
    reasons: ['token_expired'],
  },
  {
    name: 'lifetime too long',
    token: async (s) => signLaunch(s, { exp: now(s) + 3600 }),
    reasons: ['token_expired'],
  },
  {
    name: 'exp equals iat',
    token: async (s) => signLaunch(s, { exp: now(s) }),
    reasons: ['token_expired'],
  },
  {
    name: 'issued in future',
    token: async (s) => signLaunch(s, { iat: now(s) + 600, exp: now(s) + 660 }),
    reasons: ['token_not_yet_valid'],
  },
  {
    name: 'nbf in future',
    token: async (s) => signLaunch(s, { nbf: now(s) + 90 }),
    reasons: ['token_not_yet_valid'],
  },
  { name: 'exp missing', token: signed({ exp: undefined }), reasons: ['token_missing_claim'] },
  { name: 'iat missing', token: signed({ iat: undefined }), reasons: ['token_missing_claim'] },
  { name: 'sub missing', token: signed({ sub: undefined }), reasons: ['token_missing_claim'] },
  { name: 'sub empty', token: signed({ sub: '' }), reasons: ['token_missing_claim'] },
  { name: 'sub number', token: signed({ sub: 5001 }), reasons: ['token_missing_claim'] },
  { name: 'jti missing', token: signed({ jti: undefined }), reasons: ['token_missing_claim'] },
  {
    name: 'typ missing',
    token: signed({}, { header: { typ: undefined } }),
    reasons: ['token_type_invalid'],
  },
  {
    name: 'typ jwt',
    token: signed({}, { header: { typ: 'JWT' } }),
    reasons: ['token_type_invalid'],
  },
  {
    name: 'typ access token',
    token: signed({}, { header: { typ: 'at+jwt' } }),
    reasons: ['token_type_invalid'],
  },
  {
    name: 'token over 8 KiB',
    token: signed({ padding: 'x'.repeat(9000) }),
    reasons: ['token_too_large'],
  },
  {
    name: 'roles not array',
    token: signed({ roles: 'Billing Admin' }),
    reasons: ['token_malformed'],
  },
  { name: 'email not string', token: signed({ email: 42 }), reasons: ['token_malformed'] },
  { name: 'company id number', token: signed({ company_id: 9001 }), reasons: ['token_malformed'] },
];

const ELIGIBILITY_CASES: AttackCase[] = [
  { name: 'unknown contact', token: signed({ sub: '999999' }), reasons: ['contact_not_found'] },
  {
    name: 'contact of other tenant only',
    token: signed({ sub: '6001' }),
    reasons: ['contact_not_found'],
  },
  {
    name: 'sub with leading zero',
    token: signed({ sub: '05001' }),
    reasons: ['contact_not_found'],
  },
  { name: 'sub with space', token: signed({ sub: '5001 ' }), reasons: ['contact_not_found'] },
  { name: 'sub negative', token: signed({ sub: '-5001' }), reasons: ['contact_not_found'] },
  {
    name: 'sub huge',
    token: signed({ sub: '99999999999999999999' }),
    reasons: ['contact_not_found'],
  },
  {
    name: 'revoked profile',
    token: signed({ sub: '5002', email: 'rex.revoked@northwind.example' }),
    reasons: ['access_revoked'],
  },
  { name: 'no roles', token: signed({ roles: [] }), reasons: ['missing_billing_role'] },
  { name: 'roles absent', token: signed({ roles: undefined }), reasons: ['missing_billing_role'] },
  {
    name: 'role wrong case',
    token: signed({ roles: ['billing admin'] }),
    reasons: ['missing_billing_role'],
  },
  {
    name: 'role with space',
    token: signed({ roles: ['Billing Admin '] }),
    reasons: ['missing_billing_role'],
  },
  {
    name: 'internal user',
    token: signed({ sub: '5003', email: 'ivan.internal@northwind.example' }),
    reasons: ['internal_user_conflict'],
  },
  {
    name: 'inactive contact',
    token: signed({ sub: '5004', email: 'ina.inactive@northwind.example' }),
    reasons: ['contact_inactive'],
  },
  {
    name: 'unlinked contact',
    token: signed({ sub: '5005', email: 'una.unlinked@northwind.example', company_id: undefined }),
    reasons: ['contact_not_linked'],
  },
  {
    name: 'company mismatch',
    token: signed({ company_id: '9002' }),
    reasons: ['company_mismatch'],
  },
  {
    name: 'email mismatch',
    token: signed({ email: 'someone.else@northwind.example' }),
    reasons: ['email_mismatch'],
  },
  {
    name: 'email homoglyph',
    token: signed({ email: 'аda.admin@northwind.example' }),
    reasons: ['email_mismatch'],
  },
  {
    name: 'shared email wrong company',
    token: signed({ sub: '5006', email: 'sam.shared@contoso.example', company_id: '9003' }),
    reasons: ['company_mismatch'],
  },
  {
    name: 'internal user without role',
    token: signed({ sub: '5003', email: 'ivan.internal@northwind.example', roles: [] }),
    reasons: ['internal_user_conflict', 'missing_billing_role'],
  },
  {
    name: 'revoked wrong company no role',
    token: signed({
      sub: '5002',
      email: 'rex.revoked@northwind.example',
      company_id: '9002',
      roles: ['Viewer'],
    }),
    reasons: ['company_mismatch', 'access_revoked', 'missing_billing_role'],
  },
  {
    name: 'inactive with wrong email',
    token: signed({ sub: '5004', email: 'ada.admin@northwind.example' }),
    reasons: ['email_mismatch', 'contact_inactive'],
  },
];

describe.each(testDialects())('attack corpus (%s)', (dialect) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario(dialect);
  });
  afterAll(async () => {
    await s.close();
  });

  it('corpus has at least 60 cases', () => {
    const names = new Set([...TOKEN_CASES, ...ELIGIBILITY_CASES].map((c) => c.name));
    expect(names.size).toBe(TOKEN_CASES.length + ELIGIBILITY_CASES.length);
    expect(names.size).toBeGreaterThanOrEqual(60);
  });

  it.each(TOKEN_CASES)('json rejects $name', async (attack) => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { launch_token: await attack.token(s) },
      }),
    );
    expect(response.json()).toMatchObject({ error: { code: attack.reasons[0] } });
    expect(response.statusCode).toBe(401);
    expect(await sessionCount(s, s.tenant.id)).toBe(0);
  });

  it.each(ELIGIBILITY_CASES)('json rejects $name', async (attack) => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { launch_token: await attack.token(s) },
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      error: { code: 'not_eligible' },
      reasons: attack.reasons,
    });
    expect(await sessionCount(s, s.tenant.id)).toBe(0);
  });

  it.each([...TOKEN_CASES, ...ELIGIBILITY_CASES])('form post rejects $name', async (attack) => {
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/sso/connectwise',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ launch_token: await attack.token(s) }).toString(),
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain(`data-reasons="${attack.reasons.join(' ')}"`);
    expect(response.body).toContain('Billing access is not set up');
    expect(response.body).not.toContain('<form');
    expect(response.body).not.toContain('billfold-session');
    expect(await sessionCount(s, s.tenant.id)).toBe(0);
  });

  it.each([
    ['sso off', { enabled: false }],
    ['other provider chosen', { provider: 'token_callback' as const }],
  ])('sso disabled: %s', async (_name, settings) => {
    await setSsoSettings(s.ctx.db, s.tenant.id, settings, s.clock.now);
    const response = await s.app.inject(
      at(PORTAL_A, {
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { launch_token: await signLaunch(s) },
      }),
    );
    await setSsoSettings(
      s.ctx.db,
      s.tenant.id,
      { enabled: true, provider: 'connectwise_portal' },
      s.clock.now,
    );
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ reasons: ['sso_disabled'] });
    expect(await sessionCount(s, s.tenant.id)).toBe(0);
  });

  it('rejections are logged as sso events', async () => {
    const rows = await s.ctx.db
      .selectFrom('sso_events')
      .select(['outcome', 'reasons'])
      .where('tenant_id', '=', s.tenant.id)
      .execute();
    expect(rows.every((row) => row.outcome === 'rejected')).toBe(true);
    expect(
      rows.some((row) => row.reasons === 'company_mismatch access_revoked missing_billing_role'),
    ).toBe(true);
  });
});
