import { randomBytes } from 'node:crypto';
import { ensureDefaultProfiles } from '@billfold/db';
import { normalizeEmail } from '@billfold/eligibility';
import { hashPassword } from '../admin/passwords.js';
import type { AppContext } from '../context.js';

/** What {@link seedDemoTenant} needs to know about the two sites. */
export interface DemoSeedOptions {
  /** The portal's origin, `http://localhost:4000` by default. */
  portalOrigin: string;
  /** The simulator's origin: the launch-token issuer and the host that frames the widget. */
  manageOrigin: string;
  adminPassword: string;
}

/** The seeded tenant, and the first-day bulk update to run after the first sync. */
export interface DemoSeedResult {
  tenantId: number;
  /** True when this run created the tenant (a fresh database). */
  created: boolean;
  /** Gives the Admin profile to every default billing contact still at Revoke Access. */
  grantDefaultBillingContacts(): Promise<number>;
}

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@msp.example';
/** An MSP staff member who is also a customer contact: the `internal_user_conflict` persona. */
export const DEMO_INTERNAL_CONTACT_EMAIL = 'ivan.internal@northwind.example';

/**
 * Creates or refreshes the `demo` tenant as an MSP admin would set it up: SSO on with
 * the ConnectWise Portal provider, the simulator trusted as issuer (its JWKS URL) and
 * linked as host origin, the admin user, and Ivan as an internal user.
 * Idempotent: a second run updates settings and resets the admin password.
 */
export async function seedDemoTenant(
  ctx: AppContext,
  options: DemoSeedOptions,
): Promise<DemoSeedResult> {
  const now = ctx.now();
  const { db } = ctx;
  const existing = await db
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', DEMO_TENANT_SLUG)
    .executeTakeFirst();

  const tenantId =
    existing?.id ??
    (
      await db
        .insertInto('tenants')
        .values({
          slug: DEMO_TENANT_SLUG,
          name: 'Demo MSP',
          portal_origin: options.portalOrigin,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  await db
    .updateTable('tenants')
    .set({
      portal_origin: options.portalOrigin,
      sso_enabled: 1,
      sso_provider: 'connectwise_portal',
      updated_at: now,
    })
    .where('id', '=', tenantId)
    .execute();
  await linkSimulator(ctx, tenantId, options.manageOrigin);
  await ensureDefaultProfiles(db, tenantId);
  await upsertInternalUser(ctx, tenantId, DEMO_ADMIN_EMAIL, options.adminPassword, 'master');
  await upsertInternalUser(
    ctx,
    tenantId,
    DEMO_INTERNAL_CONTACT_EMAIL,
    randomBytes(12).toString('base64url'),
    'admin',
  );

  return {
    tenantId,
    created: existing === undefined,
    grantDefaultBillingContacts: () => grantAdminToDefaultBilling(ctx, tenantId),
  };
}

async function linkSimulator(ctx: AppContext, tenantId: number, manageOrigin: string) {
  const now = ctx.now();
  await ctx.db
    .insertInto('tenant_host_origins')
    .values({ tenant_id: tenantId, origin: manageOrigin, created_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'origin']).doNothing())
    .execute();
  await ctx.db
    .insertInto('trusted_issuers')
    .values({
      tenant_id: tenantId,
      issuer: manageOrigin,
      jwks_url: `${manageOrigin}/.well-known/jwks.json`,
      jwks_json: null,
      algorithms: JSON.stringify(['ES256']),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'issuer']).doUpdateSet({
        jwks_url: `${manageOrigin}/.well-known/jwks.json`,
        jwks_json: null,
        updated_at: now,
      }),
    )
    .execute();
}

async function upsertInternalUser(
  ctx: AppContext,
  tenantId: number,
  email: string,
  password: string,
  role: 'master' | 'admin',
) {
  const now = ctx.now();
  const passwordHash = await hashPassword(password);
  await ctx.db
    .insertInto('internal_users')
    .values({
      tenant_id: tenantId,
      email,
      email_normalized: normalizeEmail(email),
      password_hash: passwordHash,
      role,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'email_normalized'])
        .doUpdateSet({ password_hash: passwordHash, updated_at: now }),
    )
    .execute();
}

async function grantAdminToDefaultBilling(ctx: AppContext, tenantId: number): Promise<number> {
  const profiles = await ctx.db
    .selectFrom('profiles')
    .select(['id', 'name', 'is_revoke'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const admin = profiles.find((profile) => profile.name === 'Admin');
  const revoke = profiles.find((profile) => profile.is_revoke === 1);
  if (admin === undefined || revoke === undefined) {
    throw new Error('The demo tenant lacks the Admin or Revoke Access profile.');
  }
  const result = await ctx.db
    .updateTable('contacts')
    .set({ profile_id: admin.id })
    .where('tenant_id', '=', tenantId)
    .where('default_billing', '=', 1)
    .where('profile_id', '=', revoke.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
