import { randomUUID } from 'node:crypto';
import {
  addHostOrigin,
  createWriteQueue,
  createTenant,
  setSsoSettings,
  upsertTrustedIssuer,
  type Tenant,
} from '@billfold/db';
import { createTestDatabase, type TestDatabase } from '@billfold/db/testing';
import type { DialectName } from '@billfold/db';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { buildApp } from '../../src/app.js';
import { loadConfig, type PortalConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { InvoiceSource } from '../../src/invoices/invoice-source.js';
import { TenantCache } from '../../src/http/tenant-cache.js';
import { createDatabaseReplayGuard } from '../../src/sso/db-replay-guard.js';
import { createTokenLaunchVerifier } from '../../src/sso/launch-verifier.js';

/** A private key jose can sign with (a WebCrypto CryptoKey). */
export type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A fixed start time: 2026-03-02T10:00:00Z. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
export const ISSUER = 'https://manage.host.example';
export const HOST_ORIGIN = 'https://host.example';
export const PORTAL_A = 'https://acme.billfold.example';
export const PORTAL_B = 'https://beta.billfold.example';

/** A movable test clock. */
export interface TestClock {
  now: number;
  advance(ms: number): void;
}

/** Everything a portal test needs: the database, context, app, clock and signing key. */
export interface Harness {
  database: TestDatabase;
  ctx: AppContext;
  app: FastifyInstance;
  clock: TestClock;
  keys: TestKeys;
  close(): Promise<void>;
}

/** The issuer's signing key and its public JWKS. */
export interface TestKeys {
  privateKey: SigningKey;
  kid: string;
  jwks: { keys: Record<string, unknown>[] };
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  config?: Partial<PortalConfig>;
  invoiceSource?: InvoiceSource;
  fetch?: typeof fetch;
}

/** Generates an ES256 key pair with a kid. */
export async function createKeys(kid = 'test-key-1'): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return { privateKey, kid, jwks: { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] } };
}

const failingSource: InvoiceSource = {
  getInvoiceLines: () => Promise.reject(new Error('manage unreachable')),
  getInvoicePayments: () => Promise.reject(new Error('manage unreachable')),
  getInvoicePdf: () => Promise.reject(new Error('manage unreachable')),
};

/** Builds a context and app over a fresh test database with a frozen clock. */
export async function createHarness(
  dialect: DialectName,
  options: HarnessOptions = {},
): Promise<Harness> {
  const database = await createTestDatabase(dialect);
  const clock: TestClock = {
    now: T0,
    advance(ms) {
      this.now += ms;
    },
  };
  const config: PortalConfig = {
    ...loadConfig({}),
    databaseUrl: database.url,
    trustProxy: true,
    logLevel: 'silent',
    rateLimit: { perIpPerMinute: 1000, perTenantPerMinute: 10_000 },
    // Tests change tenant settings in the database directly, so nothing is cached unless a
    // test turns the cache on.
    tenantCacheMs: 0,
    ...options.config,
  };
  const now = () => clock.now;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const writes = createWriteQueue(database);
  const ctx: AppContext = {
    database,
    db: database.db,
    config,
    now,
    fetch: fetchImpl,
    writes,
    tenantCache: new TenantCache(config.tenantCacheMs),
    verifier: createTokenLaunchVerifier({
      replayGuard: createDatabaseReplayGuard(writes, now),
      now,
      clockToleranceSec: config.clockToleranceSec,
      allowLoopbackHttp: config.allowLoopbackHttp,
      fetch: fetchImpl,
    }),
    invoiceSource: () => options.invoiceSource ?? failingSource,
  };
  const app = await buildApp({ ctx });
  const keys = await createKeys();
  return {
    database,
    ctx,
    app,
    clock,
    keys,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}

/** Creates a tenant with SSO on, the test issuer trusted and `HOST_ORIGIN` linked. */
export async function createSsoTenant(
  harness: Harness,
  slug: string,
  portalOrigin: string,
): Promise<Tenant> {
  const { db } = harness.ctx;
  const tenant = await createTenant(db, { slug, name: slug, portalOrigin, now: T0 });
  await setSsoSettings(db, tenant.id, { enabled: true, provider: 'connectwise_portal' }, T0);
  await addHostOrigin(db, tenant.id, HOST_ORIGIN, T0);
  await upsertTrustedIssuer(
    db,
    tenant.id,
    {
      issuer: ISSUER,
      jwksUrl: null,
      jwksJson: JSON.stringify(harness.keys.jwks),
      algorithms: ['ES256'],
    },
    T0,
  );
  return { ...tenant, sso_enabled: 1 };
}

/** Profile ids of a tenant, by role in the tests. */
export interface Profiles {
  revoke: number;
  admin: number;
  viewOnly: number;
}

/** Inserts the three profiles the tests use. */
export async function createProfiles(harness: Harness, tenantId: number): Promise<Profiles> {
  const insert = async (name: string, flags: [number, number, number, number]) => {
    const [view, pdf, pay, revoke] = flags as [0 | 1, 0 | 1, 0 | 1, 0 | 1];
    const row = await harness.ctx.db
      .insertInto('profiles')
      .values({
        tenant_id: tenantId,
        name,
        can_view_invoices: view,
        can_download_pdf: pdf,
        can_pay: pay,
        is_revoke: revoke,
        is_builtin: 1,
        created_at: T0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  return {
    revoke: await insert('Revoke Access', [0, 0, 0, 1]),
    admin: await insert('Admin', [1, 1, 1, 0]),
    viewOnly: await insert('View Only', [1, 0, 0, 0]),
  };
}

/** Inserts a company and returns its Billfold id. */
export async function createCompany(
  harness: Harness,
  tenantId: number,
  psaId: number,
  name = `Company ${psaId}`,
): Promise<number> {
  const row = await harness.ctx.db
    .insertInto('companies')
    .values({
      tenant_id: tenantId,
      psa_id: psaId,
      identifier: `C${psaId}`,
      name,
      status: 'Active',
      currency: 'USD',
      deleted: 0,
      psa_updated_at: T0,
      synced_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What {@link createContact} needs. */
export interface ContactInput {
  tenantId: number;
  psaId: number;
  companyId: number | null;
  psaCompanyId: number | null;
  email: string | null;
  profileId: number;
  inactive?: 0 | 1;
  firstName?: string;
}

/** Inserts a contact and returns its Billfold id. */
export async function createContact(harness: Harness, input: ContactInput): Promise<number> {
  const row = await harness.ctx.db
    .insertInto('contacts')
    .values({
      tenant_id: input.tenantId,
      psa_id: input.psaId,
      psa_company_id: input.psaCompanyId,
      company_id: input.companyId,
      first_name: input.firstName ?? 'Ada',
      last_name: 'Admin',
      email: input.email,
      email_normalized:
        input.email === null ? null : input.email.trim().normalize('NFC').toLowerCase(),
      inactive: input.inactive ?? 0,
      default_billing: 1,
      portal_security_level: null,
      deleted: 0,
      profile_id: input.profileId,
      psa_updated_at: T0,
      synced_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What {@link createInvoice} needs; the rest gets plausible values. */
export interface InvoiceInput {
  tenantId: number;
  companyId: number;
  psaId: number;
  dueDate: string;
  closed?: boolean;
  balance?: number;
  number?: string;
}

/** Inserts an invoice and returns its Billfold id. */
export async function createInvoice(harness: Harness, input: InvoiceInput): Promise<number> {
  const closed = input.closed ?? false;
  const balance = input.balance ?? (closed ? 0 : 12_500);
  const row = await harness.ctx.db
    .insertInto('invoices')
    .values({
      tenant_id: input.tenantId,
      psa_id: input.psaId,
      company_id: input.companyId,
      invoice_number: input.number ?? `INV-${input.psaId}`,
      type: 'Standard',
      status_name: closed ? 'Paid' : 'Sent',
      is_closed: closed ? 1 : 0,
      invoice_date: input.dueDate,
      due_date: input.dueDate,
      currency: 'USD',
      subtotal: 11_500,
      sales_tax: 1_000,
      total: 12_500,
      payments: 12_500 - balance,
      credits: 0,
      balance,
      customer_po: null,
      deleted: 0,
      psa_updated_at: T0,
      synced_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Claims of a launch token; `undefined` removes a claim. */
export type LaunchClaimsInput = Record<string, unknown>;

/** Options of {@link signLaunch}: header overrides and the signing key. */
export interface SignOptions {
  header?: Record<string, unknown>;
  key?: SigningKey;
  kid?: string;
}

/**
 * Signs a launch token like the host portal does: ES256, typ billfold-launch+jwt, a kid,
 * 60 s lifetime from the harness clock. `claims` overrides or (with undefined) removes.
 */
export async function signLaunch(
  harness: Harness,
  claims: LaunchClaimsInput = {},
  options: SignOptions = {},
): Promise<string> {
  const iat = Math.floor(harness.clock.now / 1000);
  const payload: Record<string, unknown> = {
    iss: ISSUER,
    aud: PORTAL_A,
    sub: '5001',
    email: 'ada.admin@northwind.example',
    company_id: '9001',
    roles: ['Billing Admin'],
    iat,
    exp: iat + 60,
    jti: randomUUID(),
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) delete payload[name];
  }
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({
      alg: 'ES256',
      kid: options.kid ?? harness.keys.kid,
      typ: 'billfold-launch+jwt',
      ...options.header,
    } as { alg: string })
    .sign(options.key ?? harness.keys.privateKey);
}

/** Injects a request as if it reached `origin` through an https proxy. */
export function at(origin: string, options: InjectOptions): InjectOptions {
  const url = new URL(origin);
  return {
    ...options,
    headers: {
      host: url.host,
      'x-forwarded-proto': url.protocol.replace(':', ''),
      ...(options.headers ?? {}),
    },
  };
}

/** Counts session rows of a tenant. */
export async function sessionCount(harness: Harness, tenantId: number): Promise<number> {
  const row = await harness.ctx.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
