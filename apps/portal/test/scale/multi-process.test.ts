import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  addHostOrigin,
  createTenant,
  setSsoSettings,
  upsertTrustedIssuer,
  type Tenant,
} from '@billfold/db';
import { createTestDatabase, type TestDatabase } from '@billfold/db/testing';
import { normalizeEmail } from '@billfold/eligibility';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Several stateless portal processes on one PostgreSQL database, as behind a load
// balancer: the replay guard, sessions and rate-limit counters must hold across them.
// The processes run the built CLI (`billfold serve`), so `pnpm build` must have run.

const PORTAL_ORIGIN = 'https://billing.example';
const ISSUER = 'https://manage.example';
const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');
const RATE_LIMIT_PER_IP = 6;

const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) {
  console.warn(
    'Multi-process tests skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them.',
  );
} else if (!existsSync(CLI)) {
  console.warn(`Multi-process tests skipped: ${CLI} is missing; run pnpm build first.`);
}

interface Portal {
  url: string;
  child: ChildProcess;
}

interface Keys {
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwks: { keys: Record<string, unknown>[] };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startPortalProcess(url: string): Promise<Portal> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      PORT: String(port),
      BILLFOLD_TRUST_PROXY: '1',
      BILLFOLD_RATE_LIMIT_IP: String(RATE_LIMIT_PER_IP),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const portal = { url: `http://127.0.0.1:${port}`, child };
  await waitUntilReady(portal);
  return portal;
}

async function waitUntilReady(portal: Portal): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (portal.child.exitCode !== null) {
      throw new Error(`Portal process exited with ${portal.child.exitCode} before it was ready.`);
    }
    try {
      const response = await fetch(`${portal.url}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Portal at ${portal.url} was not ready within 20 s.`);
}

/** Headers a TLS-terminating proxy in front of the portal adds. */
function proxied(clientIp: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-forwarded-host': new URL(PORTAL_ORIGIN).host,
    'x-forwarded-proto': 'https',
    'x-forwarded-for': clientIp,
    ...extra,
  };
}

async function signLaunch(keys: Keys, sub = '7001'): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: 'ada.admin@northwind.example',
    company_id: '9001',
    roles: ['Billing Admin'],
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'billfold-launch+jwt' })
    .setIssuer(ISSUER)
    .setAudience(PORTAL_ORIGIN)
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .setJti(randomUUID())
    .sign(keys.privateKey);
}

async function launchOn(portal: Portal, token: string, clientIp: string) {
  const response = await fetch(`${portal.url}/api/v1/sessions`, {
    method: 'POST',
    headers: proxied(clientIp, { 'content-type': 'application/json' }),
    body: JSON.stringify({ launch_token: token }),
  });
  const body = (await response.json()) as { access_token?: string; error?: { code: string } };
  return { status: response.status, body };
}

async function meOn(portal: Portal, accessToken: string) {
  const response = await fetch(`${portal.url}/api/v1/me`, {
    headers: proxied('198.51.100.1', { authorization: `Bearer ${accessToken}` }),
  });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, body };
}

async function seed(database: TestDatabase, keys: Keys): Promise<{ tenant: Tenant; ada: number; revokeId: number; adminId: number }> {
  const { db } = database;
  const now = Date.now();
  const tenant = await createTenant(db, { slug: 'scale', name: 'Scale', portalOrigin: PORTAL_ORIGIN, now });
  await setSsoSettings(db, tenant.id, { enabled: true, provider: 'connectwise_portal' }, now);
  await addHostOrigin(db, tenant.id, 'https://host.example', now);
  await upsertTrustedIssuer(
    db,
    tenant.id,
    { issuer: ISSUER, jwksUrl: null, jwksJson: JSON.stringify(keys.jwks), algorithms: ['ES256'] },
    now,
  );
  const profile = (name: string, grants: 0 | 1, revoke: 0 | 1) =>
    db
      .insertInto('profiles')
      .values({
        tenant_id: tenant.id,
        name,
        can_view_invoices: grants,
        can_download_pdf: grants,
        can_pay: grants,
        is_revoke: revoke,
        is_builtin: 1,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const revoke = await profile('Revoke Access', 0, 1);
  const admin = await profile('Admin', 1, 0);
  const company = await db
    .insertInto('companies')
    .values({
      tenant_id: tenant.id,
      psa_id: 9001,
      identifier: 'Northwind',
      name: 'Northwind Traders',
      psa_updated_at: now,
      synced_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await db
    .insertInto('contacts')
    .values({
      tenant_id: tenant.id,
      psa_id: 7001,
      psa_company_id: 9001,
      company_id: company.id,
      first_name: 'Ada',
      last_name: 'Admin',
      email: 'ada.admin@northwind.example',
      email_normalized: normalizeEmail('ada.admin@northwind.example'),
      default_billing: 1,
      profile_id: admin.id,
      psa_updated_at: now,
      synced_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { tenant, ada: contact.id, revokeId: revoke.id, adminId: admin.id };
}

describe.skipIf(!databaseUrl || !existsSync(CLI))('portal processes sharing PostgreSQL', () => {
  let database: TestDatabase;
  let keys: Keys;
  let seeded: Awaited<ReturnType<typeof seed>>;
  let a: Portal;
  let b: Portal;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    const jwk = await exportJWK(pair.publicKey);
    keys = { privateKey: pair.privateKey, jwks: { keys: [{ ...jwk, kid: 'k1', alg: 'ES256' }] } };
    database = await createTestDatabase('postgres');
    seeded = await seed(database, keys);
    [a, b] = await Promise.all([startPortalProcess(database.url), startPortalProcess(database.url)]);
  }, 60_000);

  afterAll(async () => {
    for (const portal of [a, b]) portal?.child.kill('SIGKILL');
    await database?.dispose();
  });

  it('rejects a token replayed on another process', async () => {
    const token = await signLaunch(keys);

    const first = await launchOn(a, token, '192.0.2.10');
    const second = await launchOn(b, token, '192.0.2.11');

    expect(first.status).toBe(201);
    expect(second.status).toBe(401);
    expect(second.body.error?.code).toBe('token_replayed');
  });

  it('serves a session from either process', async () => {
    const launched = await launchOn(a, await signLaunch(keys), '192.0.2.20');

    const me = await meOn(b, launched.body.access_token ?? '');

    expect(launched.status).toBe(201);
    expect(me.status).toBe(200);
  });

  it('counts rate limits across processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT_PER_IP + 2; i++) {
      const portal = i % 2 === 0 ? a : b;
      statuses.push((await launchOn(portal, await signLaunch(keys), '192.0.2.30')).status);
    }

    expect(statuses.slice(0, RATE_LIMIT_PER_IP).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(RATE_LIMIT_PER_IP)).toEqual([429, 429]);
  });

  it('ends a revoked session on the other process', async () => {
    const launched = await launchOn(a, await signLaunch(keys), '192.0.2.40');
    const accessToken = launched.body.access_token ?? '';
    expect((await meOn(b, accessToken)).status).toBe(200);

    await database.db
      .updateTable('contacts')
      .set({ profile_id: seeded.revokeId })
      .where('id', '=', seeded.ada)
      .execute();
    const afterOnB = await meOn(b, accessToken);
    const afterOnA = await meOn(a, accessToken);

    expect(afterOnB.status).toBe(401);
    expect(afterOnB.body.error?.code).toBe('session_revoked');
    expect(afterOnA.status).toBe(401);
    await database.db
      .updateTable('contacts')
      .set({ profile_id: seeded.adminId })
      .where('id', '=', seeded.ada)
      .execute();
  });

  it('loses no acknowledged launch when a process is killed', async () => {
    const tokens = await Promise.all(Array.from({ length: 30 }, () => signLaunch(keys)));
    const inFlight = tokens.map((token, i) =>
      launchOn(a, token, `192.0.2.${100 + i}`).catch(() => null),
    );
    setTimeout(() => a.child.kill('SIGKILL'), 40);
    const results = await Promise.all(inFlight);
    const acknowledged = results.filter((result) => result?.status === 201);

    for (const result of acknowledged) {
      const me = await meOn(b, result?.body.access_token ?? '');
      expect(me.status).toBe(200);
    }
    const fresh = await launchOn(b, await signLaunch(keys), '192.0.2.200');
    expect(fresh.status).toBe(201);
  });
});
