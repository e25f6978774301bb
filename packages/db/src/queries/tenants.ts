import type { Kysely } from 'kysely';
import { reusableQuery } from '../reusable-query.js';
import type { Database, Tenant, TrustedIssuer } from '../schema.js';

/** The SSO provider names a tenant can choose. */
export type SsoProvider = 'connectwise_portal' | 'token_callback';

/** What {@link createTenant} needs; the SSO settings start off. */
export interface NewTenantInput {
  slug: string;
  name: string;
  /** Portal origin; stored as normalised by {@link originKey}. */
  portalOrigin: string;
  now: number;
}

/** SSO settings as the admin saves them. Omitted fields keep their stored values. */
export interface SsoSettingsInput {
  enabled?: boolean;
  provider?: SsoProvider;
  requiredRole?: string;
  callbackValidationUrl?: string | null;
}

/** A trusted launch-token issuer as the admin registers it. */
export interface TrustedIssuerInput {
  issuer: string;
  /** JWKS URL; null when `jwksJson` holds pasted keys. */
  jwksUrl: string | null;
  /** Pasted public keys as a JWKS document; null when `jwksUrl` is set. */
  jwksJson: string | null;
  /** Allowed JWS algorithms, e.g. `['ES256']`. */
  algorithms: readonly string[];
}

/**
 * Reduces a URL to the origin form stored in `portal_origin` and `tenant_host_origins`:
 * lower-case scheme and host, no default port, no path. Throws `TypeError` on an
 * unparsable URL. Validation of the scheme (https, or http on loopback in development)
 * is the caller's job.
 */
export function originKey(url: string): string {
  return new URL(url.trim()).origin;
}

/** Inserts a tenant with SSO off and returns it. */
export async function createTenant(db: Kysely<Database>, input: NewTenantInput): Promise<Tenant> {
  return db
    .insertInto('tenants')
    .values({
      slug: input.slug,
      name: input.name,
      portal_origin: originKey(input.portalOrigin),
      sso_enabled: 0,
      sso_provider: 'connectwise_portal',
      required_role: 'Billing Admin',
      callback_validation_url: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Finds the tenant whose portal origin equals `origin` after normalisation. */
export async function getTenantByOrigin(
  db: Kysely<Database>,
  origin: string,
): Promise<Tenant | undefined> {
  let key: string;
  try {
    key = originKey(origin);
  } catch {
    return undefined;
  }
  const { rows } = await tenantByOrigin(db, key);
  return rows[0];
}

// The lookups below run on every request, so they are compiled once (see reusableQuery).
const tenantByOrigin = reusableQuery(1, (db, origin: string) =>
  db.selectFrom('tenants').selectAll().where('portal_origin', '=', origin),
);

/** Finds a tenant by slug. */
export async function getTenantBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Finds a tenant by id. */
export async function getTenantById(
  db: Kysely<Database>,
  tenantId: number,
): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
}

/** Lists every tenant, by slug. */
export async function listTenants(db: Kysely<Database>): Promise<Tenant[]> {
  return db.selectFrom('tenants').selectAll().orderBy('slug').execute();
}

/** Saves a tenant's SSO settings; fields left out keep their values. */
export async function setSsoSettings(
  db: Kysely<Database>,
  tenantId: number,
  settings: SsoSettingsInput,
  now: number,
): Promise<void> {
  await db
    .updateTable('tenants')
    .set({
      ...(settings.enabled === undefined ? {} : { sso_enabled: settings.enabled ? 1 : 0 }),
      ...(settings.provider === undefined ? {} : { sso_provider: settings.provider }),
      ...(settings.requiredRole === undefined ? {} : { required_role: settings.requiredRole }),
      ...(settings.callbackValidationUrl === undefined
        ? {}
        : { callback_validation_url: settings.callbackValidationUrl }),
      updated_at: now,
    })
    .where('id', '=', tenantId)
    .execute();
}

/** Links a host origin (a page allowed to frame the widget); a duplicate is ignored. */
export async function addHostOrigin(
  db: Kysely<Database>,
  tenantId: number,
  origin: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('tenant_host_origins')
    .values({ tenant_id: tenantId, origin: originKey(origin), created_at: now })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'origin']).doNothing())
    .execute();
}

/** Removes a linked host origin. */
export async function removeHostOrigin(
  db: Kysely<Database>,
  tenantId: number,
  origin: string,
): Promise<void> {
  await db
    .deleteFrom('tenant_host_origins')
    .where('tenant_id', '=', tenantId)
    .where('origin', '=', originKey(origin))
    .execute();
}

/** Lists a tenant's linked host origins, oldest first. */
export async function listHostOrigins(db: Kysely<Database>, tenantId: number): Promise<string[]> {
  const { rows } = await hostOrigins(db, tenantId);
  return rows.map((row) => row.origin);
}

const hostOrigins = reusableQuery(1, (db, tenantId: number) =>
  db
    .selectFrom('tenant_host_origins')
    .select('origin')
    .where('tenant_id', '=', tenantId)
    .orderBy('id'),
);

/** Registers a trusted issuer or replaces its keys and algorithms. */
export async function upsertTrustedIssuer(
  db: Kysely<Database>,
  tenantId: number,
  input: TrustedIssuerInput,
  now: number,
): Promise<void> {
  const algorithms = JSON.stringify([...input.algorithms]);
  await db
    .insertInto('trusted_issuers')
    .values({
      tenant_id: tenantId,
      issuer: input.issuer,
      jwks_url: input.jwksUrl,
      jwks_json: input.jwksJson,
      algorithms,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict.columns(['tenant_id', 'issuer']).doUpdateSet({
        jwks_url: input.jwksUrl,
        jwks_json: input.jwksJson,
        algorithms,
        updated_at: now,
      }),
    )
    .execute();
}

/** Lists a tenant's trusted issuers. */
export async function listTrustedIssuers(
  db: Kysely<Database>,
  tenantId: number,
): Promise<TrustedIssuer[]> {
  const { rows } = await trustedIssuers(db, tenantId);
  return rows;
}

const trustedIssuers = reusableQuery(1, (db, tenantId: number) =>
  db.selectFrom('trusted_issuers').selectAll().where('tenant_id', '=', tenantId).orderBy('id'),
);
