import { findContactById, findContactsByEmail, type Tenant } from '@billfold/db';
import { REASON_CODES, type LaunchAssertion, type ReasonCode } from '@billfold/eligibility';
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

/** The source of the Customer Portal roles a diagnosis used. */
export type RolesSource = 'given' | 'last_launch' | 'assumed';

/** The verdict of {@link diagnoseContact}. */
export interface Diagnosis {
  eligible: boolean;
  reasons: ReasonCode[];
  contact: DiagnosedContact | null;
  /**
   * `given` by the caller; `last_launch` when the contact's most recent launch lacked the
   * required role; `assumed` to include the required role otherwise.
   */
  rolesSource: RolesSource;
  /** One verdict per contact when the email belongs to contacts of several companies. */
  perContact?: Diagnosis[];
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
  const perContact = await diagnoseEachCompany(ctx, tenant, input);
  if (perContact !== null) return perContact;

  const launch = await buildLaunch(ctx, tenant, input);
  const rolesSource = await resolveRoles(ctx, tenant, input, launch);
  const check = await checkEligibility(ctx, tenant, launch);
  const row = check.contactRow;
  return {
    eligible: check.eligible,
    reasons: check.reasons,
    rolesSource,
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

// A ConnectWise Portal launch always carries the contact's PSA id, so an email shared by
// contacts of several companies is not ambiguous there: each contact launches as itself.
// The diagnosis checks each one and is eligible only when all of them are.
async function diagnoseEachCompany(
  ctx: AppContext,
  tenant: Tenant,
  input: DiagnoseInput,
): Promise<Diagnosis | null> {
  const email = input.email?.trim() ?? '';
  if (input.contactId !== undefined || input.psaCompanyId !== undefined || email === '') {
    return null;
  }
  if (tenant.sso_provider !== 'connectwise_portal') return null;
  const matches = await findContactsByEmail(ctx.db, tenant.id, email);
  const companies = new Set(matches.map((row) => row.company_psa_id));
  if (matches.length < 2 || companies.size < 2) return null;

  const verdicts: Diagnosis[] = [];
  for (const row of matches) {
    verdicts.push(await diagnoseContact(ctx, tenant, { ...input, email: undefined, contactId: row.id }));
  }
  const reasons = REASON_CODES.filter((code) => verdicts.some((v) => v.reasons.includes(code)));
  return {
    eligible: verdicts.every((verdict) => verdict.eligible),
    reasons,
    contact: verdicts[0]?.contact ?? null,
    rolesSource: verdicts.every((v) => v.rolesSource === 'given') ? 'given' : 'assumed',
    perContact: verdicts,
  };
}

// Customer Portal roles reach Billfold only inside a launch. Unless the caller gives
// roles, the contact's most recent launch decides: when it lacked the required role the
// diagnosis keeps `missing_billing_role`, and otherwise the required role is assumed.
async function resolveRoles(
  ctx: AppContext,
  tenant: Tenant,
  input: DiagnoseInput,
  launch: LaunchAssertion,
): Promise<RolesSource> {
  if (input.roles !== undefined || launch.psaContactId === null) {
    return input.roles !== undefined ? 'given' : 'assumed';
  }
  const last = await ctx.db
    .selectFrom('sso_events')
    .select('reasons')
    .where('tenant_id', '=', tenant.id)
    .where('psa_contact_id', '=', launch.psaContactId)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last === undefined || !last.reasons.split(' ').includes('missing_billing_role')) {
    return 'assumed';
  }
  launch.roles = [];
  return 'last_launch';
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
