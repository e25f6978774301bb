import { normalizeEmail } from '@billfold/eligibility';
import type { Kysely } from 'kysely';
import { reusableQuery } from '../reusable-query.js';
import type { Database } from '../schema.js';

/** A contact joined with what eligibility needs from its company and profile. */
export interface ContactForEligibility {
  id: number;
  psa_id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  company_id: number | null;
  inactive: number;
  deleted: number;
  profile_id: number;
  /** The linked company's PSA id; null when unlinked or the company is deleted. */
  company_psa_id: number | null;
  company_name: string | null;
  profile_name: string;
  profile_is_revoke: number;
  profile_can_view_invoices: number;
}

function contactsForEligibility(db: Kysely<Database>, tenantId: number) {
  return db
    .selectFrom('contacts')
    .innerJoin('profiles', (join) =>
      join.onRef('profiles.id', '=', 'contacts.profile_id').on('profiles.tenant_id', '=', tenantId),
    )
    .leftJoin('companies', (join) =>
      join
        .onRef('companies.id', '=', 'contacts.company_id')
        .on('companies.tenant_id', '=', tenantId)
        .on('companies.deleted', '=', 0),
    )
    .where('contacts.tenant_id', '=', tenantId)
    .where('contacts.deleted', '=', 0)
    .select([
      'contacts.id',
      'contacts.psa_id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.email',
      'contacts.company_id',
      'contacts.inactive',
      'contacts.deleted',
      'contacts.profile_id',
      'companies.psa_id as company_psa_id',
      'companies.name as company_name',
      'profiles.name as profile_name',
      'profiles.is_revoke as profile_is_revoke',
      'profiles.can_view_invoices as profile_can_view_invoices',
    ]);
}

/** Finds a tenant's synced contact by its PSA contact id. */
export async function findContactByPsaId(
  db: Kysely<Database>,
  tenantId: number,
  psaId: number,
): Promise<ContactForEligibility | undefined> {
  const { rows } = await contactByPsaId(db, tenantId, psaId);
  return rows[0];
}

// Every launch runs this lookup, so it is compiled once (see reusableQuery).
const contactByPsaId = reusableQuery(2, (db, tenantId: number, psaId: number) =>
  contactsForEligibility(db, tenantId).where('contacts.psa_id', '=', psaId),
);

/** Finds a tenant's synced contacts whose email matches after normalisation. */
export async function findContactsByEmail(
  db: Kysely<Database>,
  tenantId: number,
  email: string,
): Promise<ContactForEligibility[]> {
  return contactsForEligibility(db, tenantId)
    .where('contacts.email_normalized', '=', normalizeEmail(email))
    .orderBy('contacts.id')
    .limit(50)
    .execute();
}

/** Finds a tenant's synced contact by Billfold id. */
export async function findContactById(
  db: Kysely<Database>,
  tenantId: number,
  contactId: number,
): Promise<ContactForEligibility | undefined> {
  return contactsForEligibility(db, tenantId)
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
}

/** Tells whether a Billfold internal user of the tenant has this email. */
export async function internalUserEmailExists(
  db: Kysely<Database>,
  tenantId: number,
  email: string,
): Promise<boolean> {
  const { rows } = await internalUserByEmail(db, tenantId, normalizeEmail(email));
  return rows.length > 0;
}

const internalUserByEmail = reusableQuery(2, (db, tenantId: number, emailNormalized: string) =>
  db
    .selectFrom('internal_users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('email_normalized', '=', emailNormalized)
    .limit(1),
);
