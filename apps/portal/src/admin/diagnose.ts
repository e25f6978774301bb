import { findContactById, findContactsByEmail, type Tenant } from '@billfold/db';
import type { LaunchAssertion, ReasonCode } from '@billfold/eligibility';
import type { AppContext } from '../context.js';
import { checkEligibility } from '../eligibility-check.js';

/** Who to diagnose: an email or a Billfold contact id, plus what the launch would carry. */
export interface DiagnoseInput {
  /** The email the contact signs in with. Used when `contactId` is absent. */
  email?: string;
  /** A Billfold contact id; wins over `email`. */
  contactId?: number;
  /** The PSA company id of the host portal session; default the contact's own company. */
  psaCompanyId?: string;
  /**
   * The Customer Portal roles the host portal sends. Default `[tenant.required_role]`, so
   * `missing_billing_role` appears only when roles are given without the required one.
   */
  roles?: string[];
}

/** The contact a diagnosis is about, as the console shows it. */
export interface DiagnosedContact {
  id: number;
  psaId: number;
  email: string | null;
  companyName: string | null;
  profileName: string;
}

/** The verdict of {@link diagnoseContact}. */
export interface Diagnosis {
  eligible: boolean;
  reasons: ReasonCode[];
  contact: DiagnosedContact | null;
}

/**
 * Answers "why can't this contact sign in?" by building the launch a real sign-in from
 * the tenant's provider would carry, then running {@link checkEligibility}, the same code
 * the SSO endpoints use.
 *
 * The provider is `tenant.sso_provider`. With `contactId`, the launch carries that
 * contact's PSA id and email. With an email alone it carries the email and, when exactly
 * one synced contact (in the given company, if one is given) has that email, that
 * contact's PSA id, because a real ConnectWise Portal launch always carries `sub`;
 * otherwise no PSA id, so ambiguity and absence are reported as a launch would see them.
 * Roles default to `[tenant.required_role]` (see {@link DiagnoseInput.roles}).
 *
 * @example
 * const { eligible, reasons } = await diagnoseContact(ctx, tenant, { email: 'ada@x.example' });
 */
export async function diagnoseContact(
  ctx: AppContext,
  tenant: Tenant,
  input: DiagnoseInput,
): Promise<Diagnosis> {
  const launch = await buildLaunch(ctx, tenant, input);
  const check = await checkEligibility(ctx, tenant, launch);
  const row = check.contactRow;
  return {
    eligible: check.eligible,
    reasons: check.reasons,
    contact:
      row === null
        ? null
        : {
            id: row.id,
            psaId: row.psa_id,
            email: row.email,
            companyName: row.company_name,
            profileName: row.profile_name,
          },
  };
}

async function buildLaunch(
  ctx: AppContext,
  tenant: Tenant,
  input: DiagnoseInput,
): Promise<LaunchAssertion> {
  const base = {
    provider: tenant.sso_provider,
    roles: input.roles ?? [tenant.required_role],
  };

  if (input.contactId !== undefined) {
    const row = await findContactById(ctx.db, tenant.id, input.contactId);
    if (row === undefined) {
      return { ...base, psaContactId: null, email: null, psaCompanyId: input.psaCompanyId ?? null };
    }
    return {
      ...base,
      psaContactId: String(row.psa_id),
      email: input.email ?? row.email,
      psaCompanyId: input.psaCompanyId ?? companyOf(row.company_psa_id),
    };
  }

  const email = input.email?.trim() ?? '';
  const matches = email === '' ? [] : await findContactsByEmail(ctx.db, tenant.id, email);
  const inCompany =
    input.psaCompanyId === undefined
      ? matches
      : matches.filter((row) => String(row.company_psa_id) === input.psaCompanyId);
  const only = inCompany.length === 1 ? inCompany[0] : undefined;
  return {
    ...base,
    psaContactId: only === undefined ? null : String(only.psa_id),
    email: email === '' ? null : email,
    psaCompanyId:
      input.psaCompanyId ?? (only === undefined ? null : companyOf(only.company_psa_id)),
  };
}

function companyOf(psaId: number | null): string | null {
  return psaId === null ? null : String(psaId);
}
