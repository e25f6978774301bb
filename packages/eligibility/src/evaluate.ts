import { emailsEqual, normalizeEmail } from './email.js';
import type { ReasonCode } from './reasons.js';

/** What the launch asserts about the person, after the token or callback was verified. */
export interface LaunchAssertion {
  /** The provider that launched: `connectwise_portal` or `token_callback`. */
  provider: string;
  /** The immutable PSA contact id (`sub`), or null when only an email was asserted. */
  psaContactId: string | null;
  email: string | null;
  /** The PSA company id the host portal session is for, when asserted. */
  psaCompanyId: string | null;
  /** Customer Portal role names; null when the provider does not carry roles at all. */
  roles: readonly string[] | null;
}

/** The tenant's SSO settings that eligibility depends on. */
export interface TenantSettings {
  ssoEnabled: boolean;
  ssoProvider: string;
  /** The Customer Portal role a launch must carry, e.g. `Billing Admin`. */
  requiredRole: string;
}

/** A synced contact, as far as eligibility is concerned. */
export interface ContactRecord {
  id: number;
  psaId: string;
  email: string | null;
  /** PSA id of the synced company the contact is linked to; null when not linked. */
  linkedPsaCompanyId: string | null;
  inactive: boolean;
  /** True when the profile is Revoke Access or grants no invoice access. */
  accessRevoked: boolean;
}

/** Everything the rules look at; gathered by the caller, which does all the I/O. */
export interface EligibilityInput {
  tenant: TenantSettings;
  launch: LaunchAssertion;
  /** The contact with PSA id `launch.psaContactId`, or null when there is none. */
  contactById: ContactRecord | null;
  /** Contacts whose email equals `launch.email`; consulted only when no id was asserted. */
  contactsByEmail: readonly ContactRecord[];
  /** True when an internal user has the launch's (or the contact's) email. */
  internalUserWithEmail: boolean;
}

/** The verdict: every failing rule, and the contact it is about when one was identified. */
export interface EligibilityResult {
  eligible: boolean;
  reasons: ReasonCode[];
  contact: ContactRecord | null;
}

/**
 * Applies every eligibility rule and reports all that fail, not just the first.
 *
 * @example
 * const { eligible, reasons } = evaluateEligibility(input);
 * if (!eligible) log.warn({ reasons }, 'launch rejected');
 */
export function evaluateEligibility(input: EligibilityInput): EligibilityResult {
  const reasons: ReasonCode[] = [];
  const { tenant, launch } = input;

  if (!tenant.ssoEnabled || tenant.ssoProvider !== launch.provider) {
    reasons.push('sso_disabled');
  }

  const resolved = resolveContact(input);
  reasons.push(...resolved.reasons);
  const contact = resolved.contact;

  if (contact !== null) {
    reasons.push(...checkContact(contact, launch));
  }

  if (input.internalUserWithEmail) {
    reasons.push('internal_user_conflict');
  }

  if (contact !== null && contact.accessRevoked) {
    reasons.push('access_revoked');
  }

  if (launch.roles !== null && !launch.roles.includes(tenant.requiredRole)) {
    reasons.push('missing_billing_role');
  }

  return { eligible: reasons.length === 0, reasons, contact };
}

interface Resolution {
  contact: ContactRecord | null;
  reasons: ReasonCode[];
}

// Identity is the PSA contact id whenever the launch carries one. Email is used to find
// the contact only when no id was asserted, and then must point at exactly one company.
function resolveContact(input: EligibilityInput): Resolution {
  const { launch } = input;
  if (launch.psaContactId !== null) {
    return input.contactById === null
      ? { contact: null, reasons: ['contact_not_found'] }
      : { contact: input.contactById, reasons: [] };
  }

  if (launch.email === null) {
    return { contact: null, reasons: ['contact_not_found'] };
  }
  const wanted = normalizeEmail(launch.email);
  let matches = input.contactsByEmail.filter(
    (candidate) => candidate.email !== null && normalizeEmail(candidate.email) === wanted,
  );
  if (launch.psaCompanyId !== null && matches.length > 1) {
    const inCompany = matches.filter((m) => m.linkedPsaCompanyId === launch.psaCompanyId);
    if (inCompany.length > 0) matches = inCompany;
  }

  const [first] = matches;
  if (first === undefined) {
    return { contact: null, reasons: ['contact_not_found'] };
  }
  const companies = new Set(matches.map((m) => m.linkedPsaCompanyId ?? `unlinked:${m.id}`));
  if (companies.size > 1) {
    return { contact: null, reasons: ['contact_ambiguous'] };
  }
  return { contact: first, reasons: [] };
}

function checkContact(contact: ContactRecord, launch: LaunchAssertion): ReasonCode[] {
  const reasons: ReasonCode[] = [];

  if (contact.linkedPsaCompanyId === null) {
    reasons.push('contact_not_linked');
  } else if (launch.psaCompanyId !== null && launch.psaCompanyId !== contact.linkedPsaCompanyId) {
    reasons.push('company_mismatch');
  }

  if (
    launch.email !== null &&
    (contact.email === null || !emailsEqual(launch.email, contact.email))
  ) {
    reasons.push('email_mismatch');
  }

  if (contact.inactive) {
    reasons.push('contact_inactive');
  }
  return reasons;
}
