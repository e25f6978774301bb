import { sql, type Kysely } from 'kysely';
import type {
  AdminSession,
  Database,
  InternalUser,
  NewInternalUser,
  Profile,
  SsoEvent,
  SyncRun,
} from '../schema.js';
import type { SsoProvider, TrustedIssuerInput } from './tenants.js';

// ---------------------------------------------------------------- internal users

/** Finds an internal user by normalised email. */
export async function findInternalUserByEmail(
  db: Kysely<Database>,
  tenantId: number,
  emailNormalized: string,
): Promise<InternalUser | undefined> {
  return db
    .selectFrom('internal_users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('email_normalized', '=', emailNormalized)
    .executeTakeFirst();
}

/** Finds an internal user by id. */
export async function findInternalUserById(
  db: Kysely<Database>,
  tenantId: number,
  userId: number,
): Promise<InternalUser | undefined> {
  return db
    .selectFrom('internal_users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Inserts an internal user and returns it. */
export async function insertInternalUser(
  db: Kysely<Database>,
  user: NewInternalUser,
): Promise<InternalUser> {
  return db.insertInto('internal_users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Lists a tenant's internal users by email. */
export async function listInternalUsers(
  db: Kysely<Database>,
  tenantId: number,
): Promise<InternalUser[]> {
  return db
    .selectFrom('internal_users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('email_normalized')
    .execute();
}

/** Changes an internal user's role; returns false when no such user exists. */
export async function setInternalUserRole(
  db: Kysely<Database>,
  tenantId: number,
  userId: number,
  role: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('internal_users')
    .set({ role, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets or clears (null) an internal user's TOTP secret. */
export async function setInternalUserTotp(
  db: Kysely<Database>,
  tenantId: number,
  userId: number,
  secret: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('internal_users')
    .set({ totp_secret: secret, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();
}

// ---------------------------------------------------------------- admin sessions

/** An admin session row with its user's email and role. */
export interface AdminSessionWithUser extends AdminSession {
  email: string;
  role: string;
}

/** Stores a new admin session (only the SHA-256 of its token). */
export async function insertAdminSession(
  db: Kysely<Database>,
  session: Omit<AdminSession, 'revoked_at'>,
): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({ ...session, revoked_at: null })
    .execute();
}

/** Finds an admin session by token hash, with its user. */
export async function findAdminSession(
  db: Kysely<Database>,
  tenantId: number,
  idHash: string,
): Promise<AdminSessionWithUser | undefined> {
  return db
    .selectFrom('admin_sessions')
    .innerJoin('internal_users', (join) =>
      join
        .onRef('internal_users.id', '=', 'admin_sessions.user_id')
        .on('internal_users.tenant_id', '=', tenantId),
    )
    .selectAll('admin_sessions')
    .select(['internal_users.email', 'internal_users.role'])
    .where('admin_sessions.tenant_id', '=', tenantId)
    .where('admin_sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

/** Records activity on an admin session (for the idle timeout). */
export async function touchAdminSession(
  db: Kysely<Database>,
  idHash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ last_seen_at: now })
    .where('id_hash', '=', idHash)
    .execute();
}

/** Ends an admin session. */
export async function revokeAdminSession(
  db: Kysely<Database>,
  tenantId: number,
  idHash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

// ---------------------------------------------------------------- SSO configuration

/** The whole SSO configuration of the Single Sign-On page, saved at once. */
export interface SsoConfigurationInput {
  enabled: boolean;
  provider: SsoProvider;
  requiredRole: string;
  callbackValidationUrl: string | null;
  /** Normalised host origins; replaces the stored list. */
  hostOrigins: readonly string[];
  /** Trusted issuers; replaces the stored list. */
  issuers: readonly TrustedIssuerInput[];
}

/** Replaces a tenant's SSO settings, host origins and trusted issuers in one transaction. */
export async function saveSsoConfiguration(
  db: Kysely<Database>,
  tenantId: number,
  input: SsoConfigurationInput,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tenants')
      .set({
        sso_enabled: input.enabled ? 1 : 0,
        sso_provider: input.provider,
        required_role: input.requiredRole,
        callback_validation_url: input.callbackValidationUrl,
        updated_at: now,
      })
      .where('id', '=', tenantId)
      .execute();

    await trx.deleteFrom('tenant_host_origins').where('tenant_id', '=', tenantId).execute();
    for (const origin of new Set(input.hostOrigins)) {
      await trx
        .insertInto('tenant_host_origins')
        .values({ tenant_id: tenantId, origin, created_at: now })
        .execute();
    }

    await trx.deleteFrom('trusted_issuers').where('tenant_id', '=', tenantId).execute();
    for (const issuer of input.issuers) {
      await trx
        .insertInto('trusted_issuers')
        .values({
          tenant_id: tenantId,
          issuer: issuer.issuer,
          jwks_url: issuer.jwksUrl,
          jwks_json: issuer.jwksJson,
          algorithms: JSON.stringify([...issuer.algorithms]),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
}

// ---------------------------------------------------------------- profiles

/** Lists a tenant's profiles, built-in first. */
export async function listProfiles(db: Kysely<Database>, tenantId: number): Promise<Profile[]> {
  return db
    .selectFrom('profiles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('is_builtin', 'desc')
    .orderBy('name')
    .execute();
}

/** Finds a profile of the tenant by id. */
export async function findProfile(
  db: Kysely<Database>,
  tenantId: number,
  profileId: number,
): Promise<Profile | undefined> {
  return db
    .selectFrom('profiles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', profileId)
    .executeTakeFirst();
}

/** What a new profile grants. */
export interface NewProfileInput {
  name: string;
  canViewInvoices: boolean;
  canDownloadPdf: boolean;
  canPay: boolean;
}

/** Creates a custom profile and returns it. */
export async function createProfile(
  db: Kysely<Database>,
  tenantId: number,
  input: NewProfileInput,
  now: number,
): Promise<Profile> {
  return db
    .insertInto('profiles')
    .values({
      tenant_id: tenantId,
      name: input.name,
      can_view_invoices: input.canViewInvoices ? 1 : 0,
      can_download_pdf: input.canDownloadPdf ? 1 : 0,
      can_pay: input.canPay ? 1 : 0,
      is_revoke: 0,
      is_builtin: 0,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes a custom profile that no contact uses; returns false when it cannot be deleted. */
export async function deleteProfile(
  db: Kysely<Database>,
  tenantId: number,
  profileId: number,
): Promise<boolean> {
  const used = await db
    .selectFrom('contacts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('profile_id', '=', profileId)
    .executeTakeFirst();
  if (used !== undefined) return false;

  const result = await db
    .deleteFrom('profiles')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', profileId)
    .where('is_revoke', '=', 0)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// ---------------------------------------------------------------- contacts

/** Filters of the Client users page; all optional. */
export interface AdminContactFilter {
  /** Matches first name, last name, full name or email (case-insensitive substring). */
  search?: string;
  companyId?: number;
  profileId?: number;
  defaultBilling?: boolean;
  hasEmail?: boolean;
  inactive?: boolean;
}

/** One row of the Client users page. */
export interface AdminContactRow {
  id: number;
  psa_id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  inactive: number;
  default_billing: number;
  company_id: number | null;
  company_name: string | null;
  profile_id: number;
  profile_name: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function filteredContacts(db: Kysely<Database>, tenantId: number, filter: AdminContactFilter) {
  let query = db
    .selectFrom('contacts')
    .innerJoin('profiles', (join) =>
      join.onRef('profiles.id', '=', 'contacts.profile_id').on('profiles.tenant_id', '=', tenantId),
    )
    .leftJoin('companies', (join) =>
      join
        .onRef('companies.id', '=', 'contacts.company_id')
        .on('companies.tenant_id', '=', tenantId),
    )
    .where('contacts.tenant_id', '=', tenantId)
    .where('contacts.deleted', '=', 0);

  const search = filter.search?.trim().toLowerCase();
  if (search !== undefined && search !== '') {
    const pattern = `%${escapeLike(search)}%`;
    const like = (column: string) =>
      sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    query = query.where((eb) =>
      eb.or([
        like('contacts.first_name'),
        like('contacts.last_name'),
        like('contacts.email'),
        sql<boolean>`lower(contacts.first_name || ' ' || contacts.last_name) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.companyId !== undefined)
    query = query.where('contacts.company_id', '=', filter.companyId);
  if (filter.profileId !== undefined)
    query = query.where('contacts.profile_id', '=', filter.profileId);
  if (filter.defaultBilling !== undefined) {
    query = query.where('contacts.default_billing', '=', filter.defaultBilling ? 1 : 0);
  }
  if (filter.hasEmail !== undefined) {
    query = query.where('contacts.email', filter.hasEmail ? 'is not' : 'is', null);
  }
  if (filter.inactive !== undefined) {
    query = query.where('contacts.inactive', '=', filter.inactive ? 1 : 0);
  }
  return query;
}

/** Lists one page of contacts matching the filter, by last then first name, and the total. */
export async function listAdminContacts(
  db: Kysely<Database>,
  tenantId: number,
  filter: AdminContactFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AdminContactRow[]; total: number }> {
  const rows = await filteredContacts(db, tenantId, filter)
    .select([
      'contacts.id',
      'contacts.psa_id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.email',
      'contacts.inactive',
      'contacts.default_billing',
      'contacts.company_id',
      'companies.name as company_name',
      'contacts.profile_id',
      'profiles.name as profile_name',
    ])
    .orderBy('contacts.last_name')
    .orderBy('contacts.first_name')
    .orderBy('contacts.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await filteredContacts(db, tenantId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.count) };
}

/** Gives one contact a profile of the same tenant; returns false when either is unknown. */
export async function setContactProfile(
  db: Kysely<Database>,
  tenantId: number,
  contactId: number,
  profileId: number,
): Promise<boolean> {
  if ((await findProfile(db, tenantId, profileId)) === undefined) return false;
  const result = await db
    .updateTable('contacts')
    .set({ profile_id: profileId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', contactId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Companies for the Client users company filter. */
export async function listCompanyChoices(
  db: Kysely<Database>,
  tenantId: number,
): Promise<{ id: number; psa_id: number; name: string }[]> {
  return db
    .selectFrom('companies')
    .select(['id', 'psa_id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('deleted', '=', 0)
    .orderBy('name')
    .limit(1000)
    .execute();
}

// ---------------------------------------------------------------- bulk profile update

/** Which default billing contacts a bulk update touches. */
export type BulkProfileMode = 'only_revoked' | 'all';

function bulkTargets(db: Kysely<Database>, tenantId: number, mode: BulkProfileMode) {
  let query = db
    .selectFrom('contacts')
    .where('contacts.tenant_id', '=', tenantId)
    .where('contacts.deleted', '=', 0)
    .where('contacts.default_billing', '=', 1);
  if (mode === 'only_revoked') {
    query = query.where('contacts.profile_id', 'in', (eb) =>
      eb
        .selectFrom('profiles')
        .select('profiles.id')
        .where('profiles.tenant_id', '=', tenantId)
        .where('profiles.is_revoke', '=', 1),
    );
  }
  return query;
}

/** Counts the contacts a bulk update would change and names up to `sampleSize` of them. */
export async function previewBulkProfile(
  db: Kysely<Database>,
  tenantId: number,
  mode: BulkProfileMode,
  sampleSize = 10,
): Promise<{ count: number; sample: string[] }> {
  const count = await bulkTargets(db, tenantId, mode)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  const sample = await bulkTargets(db, tenantId, mode)
    .select(['contacts.first_name', 'contacts.last_name'])
    .orderBy('contacts.last_name')
    .orderBy('contacts.first_name')
    .limit(sampleSize)
    .execute();
  return {
    count: Number(count.count),
    sample: sample.map((row) => `${row.first_name} ${row.last_name}`.trim()),
  };
}

/**
 * Gives every targeted default billing contact the profile, in one transaction, and
 * returns how many rows changed. Only Billfold's own data changes; the PSA is never written.
 */
export async function applyBulkProfile(
  db: Kysely<Database>,
  tenantId: number,
  mode: BulkProfileMode,
  profileId: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ids = await bulkTargets(trx, tenantId, mode).select('contacts.id').execute();
    let updated = 0;
    // Chunks keep the IN list under every driver's parameter limit.
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500).map((row) => row.id);
      const result = await trx
        .updateTable('contacts')
        .set({ profile_id: profileId })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', chunk)
        .executeTakeFirst();
      updated += Number(result.numUpdatedRows);
    }
    return updated;
  });
}

// ---------------------------------------------------------------- SSO activity

/** Filters of the SSO activity page. */
export interface SsoEventFilter {
  outcome?: 'success' | 'rejected';
  reason?: string;
  contactId?: number;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

function filteredEvents(db: Kysely<Database>, tenantId: number, filter: SsoEventFilter) {
  let query = db.selectFrom('sso_events').where('tenant_id', '=', tenantId);
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  if (filter.reason !== undefined) {
    query = query.where(sql<boolean>`(' ' || reasons || ' ') like ${`% ${filter.reason} %`}`);
  }
  if (filter.contactId !== undefined) query = query.where('contact_id', '=', filter.contactId);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  return query;
}

/** Lists one page of SSO events, newest first, and the total matching. */
export async function listSsoEventsPage(
  db: Kysely<Database>,
  tenantId: number,
  filter: SsoEventFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: SsoEvent[]; total: number }> {
  const rows = await filteredEvents(db, tenantId, filter)
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await filteredEvents(db, tenantId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.count) };
}

/** Counts rejected launches per reason code since `since` (epoch ms). */
export async function countRejectionsByReason(
  db: Kysely<Database>,
  tenantId: number,
  since: number,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('sso_events')
    .select('reasons')
    .where('tenant_id', '=', tenantId)
    .where('outcome', '=', 'rejected')
    .where('at', '>=', since)
    .limit(100_000)
    .execute();
  const counts: Record<string, number> = {};
  for (const row of rows) {
    for (const code of row.reasons.split(' ').filter((part) => part !== '')) {
      counts[code] = (counts[code] ?? 0) + 1;
    }
  }
  return counts;
}

// ---------------------------------------------------------------- sync runs

/** Lists a tenant's latest sync runs, newest first. */
export async function listSyncRuns(
  db: Kysely<Database>,
  tenantId: number,
  limit = 20,
): Promise<SyncRun[]> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- sign-in throttle

/** Reads a rate-limit counter without counting a hit; 0 when the window has none. */
export async function readRateLimit(
  db: Kysely<Database>,
  key: string,
  windowStart: number,
): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select('count')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.count);
}
