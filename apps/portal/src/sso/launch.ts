import {
  recordSsoEvent,
  type ContactForEligibility,
  type SessionState,
  type Tenant,
} from '@billfold/db';
import type { LaunchAssertion } from '@billfold/eligibility';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { checkEligibility } from '../eligibility-check.js';
import { maskEmail } from '../logger.js';
import { tenantOf } from '../http/tenant.js';
import { createSession, type NewSession } from '../sessions/create-session.js';

/** The contact and company of a new session, as the launch response describes them. */
export type SessionPerson = Pick<
  SessionState,
  | 'contact_id'
  | 'contact_first_name'
  | 'contact_last_name'
  | 'contact_email'
  | 'company_id'
  | 'company_name'
>;

/** The outcome of a launch, for the HTML page or the JSON API to present. */
export type LaunchResult =
  | { ok: true; session: NewSession; person: SessionPerson }
  | { ok: false; kind: 'token' | 'eligibility' | 'callback'; reasons: string[] };

/** Who launched, as far as known, for the SSO activity log. */
interface LaunchSubject {
  provider: string;
  issuer: string | null;
  psaContactId: string | null;
  email: string | null;
}

/**
 * Runs a ConnectWise Portal launch: verifies the token against the tenant's trusted
 * issuers with the portal origin as audience, then applies eligibility and creates a
 * session. Every attempt is logged and written to `sso_events`.
 */
export async function launchWithToken(
  ctx: AppContext,
  request: FastifyRequest,
  launchToken: string,
): Promise<LaunchResult> {
  const tenant = tenantOf(request);
  const verification = await ctx.verifier.verify(
    launchToken,
    tenant.portal_origin,
    request.trustedIssuers,
  );

  if (!verification.ok) {
    const subject = {
      provider: 'connectwise_portal',
      issuer: verification.issuer,
      psaContactId: null,
      email: null,
    };
    await recordRejection(ctx, request, tenant, subject, [verification.code], null);
    return { ok: false, kind: 'token', reasons: [verification.code] };
  }

  const { launch } = verification;
  const assertion: LaunchAssertion = {
    provider: 'connectwise_portal',
    psaContactId: launch.subject,
    email: launch.email,
    psaCompanyId: launch.companyId,
    roles: launch.roles,
  };
  return completeLaunch(ctx, request, tenant, assertion, launch.issuer);
}

/**
 * Applies eligibility to a verified assertion and, when eligible, creates the session.
 * Shared by both providers so their rules cannot drift apart.
 */
export async function completeLaunch(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: Tenant,
  assertion: LaunchAssertion,
  issuer: string | null,
): Promise<LaunchResult> {
  const subject = {
    provider: assertion.provider,
    issuer,
    psaContactId: assertion.psaContactId,
    email: assertion.email,
  };
  const check = await checkEligibility(ctx, tenant, assertion);
  const contact = check.contactRow;
  if (!check.eligible || contact === null) {
    await recordRejection(ctx, request, tenant, subject, check.reasons, contact?.id ?? null);
    return { ok: false, kind: 'eligibility', reasons: check.reasons };
  }

  const session = await createSession(ctx, tenant, contact);

  const event = {
    ...eventBase(ctx, request, tenant, subject),
    outcome: 'success',
    reasons: '',
    contact_id: contact.id,
  };
  await ctx.writes.run((db) => recordSsoEvent(db, event));
  request.log.info(
    {
      tenantId: tenant.id,
      provider: subject.provider,
      contactId: contact.id,
      email: maskEmail(subject.email),
    },
    'sso launch accepted',
  );
  return { ok: true, session, person: personOf(contact) };
}

// The session was created from this row a moment ago, so it describes the session's
// contact and company without reading the session back.
function personOf(contact: ContactForEligibility): SessionPerson {
  return {
    contact_id: contact.id,
    contact_first_name: contact.first_name,
    contact_last_name: contact.last_name,
    contact_email: contact.email,
    company_id: contact.company_id ?? 0,
    company_name: contact.company_name ?? '',
  };
}

/** Records a rejected launch in `sso_events` and the log. */
export async function recordRejection(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: Tenant,
  subject: LaunchSubject,
  reasons: readonly string[],
  contactId: number | null,
): Promise<void> {
  const event = {
    ...eventBase(ctx, request, tenant, subject),
    outcome: 'rejected',
    reasons: reasons.join(' '),
    contact_id: contactId,
  };
  await ctx.writes.run((db) => recordSsoEvent(db, event));
  request.log.warn(
    {
      tenantId: tenant.id,
      provider: subject.provider,
      reasons,
      issuer: subject.issuer,
      psaContactId: subject.psaContactId,
      contactId,
      email: maskEmail(subject.email),
    },
    'sso launch rejected',
  );
}

function eventBase(
  ctx: AppContext,
  request: FastifyRequest,
  tenant: Tenant,
  subject: LaunchSubject,
) {
  return {
    tenant_id: tenant.id,
    at: ctx.now(),
    provider: subject.provider,
    issuer: subject.issuer,
    psa_contact_id: subject.psaContactId,
    email_masked: maskEmail(subject.email),
    ip: request.ip,
  };
}
