import type { Kysely } from 'kysely';
import { reusableQuery } from '../reusable-query.js';
import type { Database } from '../schema.js';

/** A new customer-contact session; the id itself is never stored. */
export interface NewSessionInput {
  /** SHA-256 of the session id, hex or base64url as the caller chooses. */
  idHash: string;
  tenantId: number;
  contactId: number;
  companyId: number;
  now: number;
  /** Absolute expiry, epoch ms. */
  expiresAt: number;
}

/**
 * A session joined with everything that decides whether it still holds: the contact's
 * state, its profile's permissions and the tenant's SSO switch. Read in one query so a
 * revocation takes effect at the very next request.
 */
export interface SessionState {
  id_hash: string;
  tenant_id: number;
  contact_id: number;
  company_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  contact_first_name: string;
  contact_last_name: string;
  contact_email: string | null;
  contact_inactive: number;
  contact_deleted: number;
  /** The contact's current company; differs from `company_id` after a move in the PSA. */
  contact_company_id: number | null;
  company_name: string;
  company_deleted: number;
  profile_is_revoke: number;
  profile_can_view_invoices: number;
  profile_can_download_pdf: number;
  profile_can_pay: number;
  tenant_sso_enabled: number;
}

/** Stores a new session. */
export async function insertSession(db: Kysely<Database>, input: NewSessionInput): Promise<void> {
  await insertSessionRow(
    db,
    input.idHash,
    input.tenantId,
    input.contactId,
    input.companyId,
    input.now,
    input.expiresAt,
  );
}

// Launches and API requests run the session queries, so they are compiled once (see
// reusableQuery).
const insertSessionRow = reusableQuery(
  6,
  (
    db,
    idHash: string,
    tenantId: number,
    contactId: number,
    companyId: number,
    now: number,
    expiresAt: number,
  ) =>
    db.insertInto('sessions').values({
      id_hash: idHash,
      tenant_id: tenantId,
      contact_id: contactId,
      company_id: companyId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      revoked_at: null,
    }),
);

const sessionState = reusableQuery(2, (db, tenantId: number, idHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('contacts', (join) =>
      join
        .onRef('contacts.id', '=', 'sessions.contact_id')
        .onRef('contacts.tenant_id', '=', 'sessions.tenant_id'),
    )
    .innerJoin('profiles', (join) =>
      join
        .onRef('profiles.id', '=', 'contacts.profile_id')
        .onRef('profiles.tenant_id', '=', 'sessions.tenant_id'),
    )
    .innerJoin('companies', (join) =>
      join
        .onRef('companies.id', '=', 'sessions.company_id')
        .onRef('companies.tenant_id', '=', 'sessions.tenant_id'),
    )
    .innerJoin('tenants', 'tenants.id', 'sessions.tenant_id')
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.tenant_id', '=', tenantId)
    .select([
      'sessions.id_hash',
      'sessions.tenant_id',
      'sessions.contact_id',
      'sessions.company_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
      'contacts.first_name as contact_first_name',
      'contacts.last_name as contact_last_name',
      'contacts.email as contact_email',
      'contacts.inactive as contact_inactive',
      'contacts.deleted as contact_deleted',
      'contacts.company_id as contact_company_id',
      'companies.name as company_name',
      'companies.deleted as company_deleted',
      'profiles.is_revoke as profile_is_revoke',
      'profiles.can_view_invoices as profile_can_view_invoices',
      'profiles.can_download_pdf as profile_can_download_pdf',
      'profiles.can_pay as profile_can_pay',
      'tenants.sso_enabled as tenant_sso_enabled',
    ]),
);

/**
 * Reads a session of the tenant with the contact, company, profile and tenant state it
 * depends on. Returns undefined when no session has this hash in this tenant.
 */
export async function findSessionState(
  db: Kysely<Database>,
  tenantId: number,
  idHash: string,
): Promise<SessionState | undefined> {
  const { rows } = await sessionState(db, tenantId, idHash);
  return rows[0];
}

/** Moves a session's idle clock forward. */
export async function touchSession(
  db: Kysely<Database>,
  idHash: string,
  now: number,
): Promise<void> {
  await touchSessionRow(db, idHash, now);
}

const touchSessionRow = reusableQuery(2, (db, idHash: string, now: number) =>
  db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null),
);

/** Marks one session revoked; later requests with it fail. */
export async function revokeSession(
  db: Kysely<Database>,
  idHash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Marks every live session of a contact revoked; returns how many. */
export async function revokeContactSessions(
  db: Kysely<Database>,
  tenantId: number,
  contactId: number,
  now: number,
): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Counts a tenant's sessions (any state); for tests and the admin console. */
export async function countSessions(db: Kysely<Database>, tenantId: number): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Deletes sessions whose absolute expiry passed before `before`; returns how many. */
export async function purgeExpiredSessions(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
