import {
  evaluateEligibility,
  type ContactRecord,
  type EligibilityResult,
  type LaunchAssertion,
} from '@billfold/eligibility';
import {
  findContactByPsaId,
  findContactsByEmail,
  internalUserEmailExists,
  type ContactForEligibility,
  type Tenant,
} from '@billfold/db';
import type { AppContext } from './context.js';

/** An eligibility verdict plus the Billfold contact it is about, when one was identified. */
export interface EligibilityCheck extends EligibilityResult {
  contactRow: ContactForEligibility | null;
}

/**
 * Gathers what the eligibility rules need from the database and applies them. The SSO
 * endpoints, the admin diagnosis page and `billfold doctor` all call this, so their
 * verdicts cannot differ.
 */
export async function checkEligibility(
  ctx: AppContext,
  tenant: Tenant,
  launch: LaunchAssertion,
): Promise<EligibilityCheck> {
  const rows = new Map<number, ContactForEligibility>();
  const remember = (row: ContactForEligibility): ContactRecord => {
    rows.set(row.id, row);
    return toContactRecord(row);
  };

  let contactById: ContactRecord | null = null;
  const psaId = parsePsaId(launch.psaContactId);
  if (psaId !== null) {
    const row = await findContactByPsaId(ctx.db, tenant.id, psaId);
    contactById = row === undefined ? null : remember(row);
  }

  let contactsByEmail: ContactRecord[] = [];
  if (launch.psaContactId === null && launch.email !== null) {
    contactsByEmail = (await findContactsByEmail(ctx.db, tenant.id, launch.email)).map(remember);
  }

  const email = launch.email ?? contactById?.email ?? null;
  const internalUserWithEmail =
    email !== null && (await internalUserEmailExists(ctx.db, tenant.id, email));

  const result = evaluateEligibility({
    tenant: {
      ssoEnabled: tenant.sso_enabled === 1,
      ssoProvider: tenant.sso_provider,
      requiredRole: tenant.required_role,
    },
    launch,
    contactById,
    contactsByEmail,
    internalUserWithEmail,
  });
  const contactRow = result.contact === null ? null : (rows.get(result.contact.id) ?? null);
  return { ...result, contactRow };
}

function parsePsaId(value: string | null): number | null {
  if (value === null || !/^[1-9][0-9]{0,14}$/.test(value)) return null;
  return Number(value);
}

function toContactRecord(row: ContactForEligibility): ContactRecord {
  return {
    id: row.id,
    psaId: String(row.psa_id),
    email: row.email,
    linkedPsaCompanyId: row.company_psa_id === null ? null : String(row.company_psa_id),
    inactive: row.inactive === 1,
    accessRevoked: row.profile_is_revoke === 1 || row.profile_can_view_invoices !== 1,
  };
}
