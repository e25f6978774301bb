/** A reason a contact cannot sign in, one code per failing rule. */
export type ReasonCode =
  | 'sso_disabled'
  | 'contact_not_found'
  | 'contact_not_linked'
  | 'company_mismatch'
  | 'email_mismatch'
  | 'contact_ambiguous'
  | 'contact_inactive'
  | 'internal_user_conflict'
  | 'access_revoked'
  | 'missing_billing_role';

/** Every reason code, in the order rules are evaluated and reported. */
export const REASON_CODES: readonly ReasonCode[] = [
  'sso_disabled',
  'contact_not_found',
  'contact_not_linked',
  'company_mismatch',
  'email_mismatch',
  'contact_ambiguous',
  'contact_inactive',
  'internal_user_conflict',
  'access_revoked',
  'missing_billing_role',
];

/** Plain-words texts for one reason, shown to the admin with its fix. */
export interface ReasonText {
  /** One sentence for the MSP admin naming the failed rule. */
  summary: string;
  /** The MSP admin's fix, as an instruction. */
  fix: string;
  /** The admin console section where the fix is made. */
  consoleSection: 'sso' | 'contacts' | 'sync' | 'users';
}

/** Admin-facing explanations, shared by the console, the CLI and the SSO activity log. */
export const REASON_TEXTS: Readonly<Record<ReasonCode, ReasonText>> = {
  sso_disabled: {
    summary: 'Single sign-on is off for this portal, or a different provider launched it.',
    fix: 'Enable single sign-on and choose the provider the host portal uses.',
    consoleSection: 'sso',
  },
  contact_not_found: {
    summary: 'No synced contact has this PSA contact id or email.',
    fix: 'Run a sync from the PSA, then check that the contact exists there.',
    consoleSection: 'sync',
  },
  contact_not_linked: {
    summary: 'The contact is not linked to a synced company.',
    fix: 'Assign the contact to a company in the PSA and run a sync.',
    consoleSection: 'sync',
  },
  company_mismatch: {
    summary: 'The company the portal signed in with is not the contact’s company.',
    fix: 'Check the contact’s company in the PSA and run a sync.',
    consoleSection: 'sync',
  },
  email_mismatch: {
    summary: 'The email from the portal differs from the contact’s synced email.',
    fix: 'Correct the contact’s default email in the PSA and run a sync.',
    consoleSection: 'sync',
  },
  contact_ambiguous: {
    summary: 'The email belongs to contacts in several companies and no contact id was sent.',
    fix: 'Use a launch that sends the PSA contact id, or give each contact its own email.',
    consoleSection: 'contacts',
  },
  contact_inactive: {
    summary: 'The contact is marked inactive in the PSA.',
    fix: 'Reactivate the contact in the PSA and run a sync.',
    consoleSection: 'sync',
  },
  internal_user_conflict: {
    summary: 'The email also belongs to a Billfold internal user.',
    fix: 'Give the internal user or the contact a different email.',
    consoleSection: 'users',
  },
  access_revoked: {
    summary: 'The contact’s profile is Revoke Access or grants no invoice access.',
    fix: 'Set the contact’s profile to one that can view invoices.',
    consoleSection: 'contacts',
  },
  missing_billing_role: {
    summary: 'The portal did not send the required Customer Portal role.',
    fix: 'Give the contact the required role (Billing Admin by default) in the Customer Portal.',
    consoleSection: 'sso',
  },
};

/** Tells whether a string is one of the eligibility reason codes. */
export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}
