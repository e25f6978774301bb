import { REASON_TEXTS } from '@billfold/eligibility';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { FieldErrors } from './admin-errors.js';
import { diagnoseContact, type DiagnoseInput, type Diagnosis } from './diagnose.js';
import { adminHandler, bodyFields, optionalId } from './handler.js';

/** Console paths of the sections a reason's fix points to. */
export const SECTION_PATHS = {
  sso: '/admin/sso',
  contacts: '/admin/contacts',
  sync: '/admin/sync',
  users: '/admin/users',
} as const;

/** Navigation labels of the console sections a fix points to. */
export const SECTION_LABELS = {
  sso: 'Single Sign-On',
  contacts: 'Client users',
  sync: 'Sync',
  users: 'Internal users',
} as const;

/** Body of `POST /api/v1/admin/diagnose`. */
export interface DiagnoseBody {
  email?: unknown;
  contact_id?: unknown;
  psa_company_id?: unknown;
  /** An array, or one role per line. */
  roles?: unknown;
}

/** Turns the diagnosis form into {@link DiagnoseInput}, or throws every field error. */
export function parseDiagnoseBody(body: DiagnoseBody): DiagnoseInput {
  const fields: Record<string, string> = {};
  const input: DiagnoseInput = {};
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  if (email.length > 320) fields.email = 'The email is longer than 320 characters.';
  else if (email !== '') input.email = email;

  try {
    const contactId = optionalId(body.contact_id);
    if (contactId !== undefined) input.contactId = contactId;
  } catch {
    fields.contact_id = 'Enter the contact id as a number, or leave it empty.';
  }
  if (
    input.email === undefined &&
    input.contactId === undefined &&
    fields.contact_id === undefined
  ) {
    fields.email = 'Enter the contact’s email, or choose a contact.';
  }

  const company = typeof body.psa_company_id === 'string' ? body.psa_company_id.trim() : '';
  if (company !== '' && !/^[1-9][0-9]{0,14}$/.test(company)) {
    fields.psa_company_id = 'Enter the PSA company id as a number, or leave it empty.';
  } else if (company !== '') input.psaCompanyId = company;

  const roles = Array.isArray(body.roles)
    ? body.roles.filter((role): role is string => typeof role === 'string')
    : typeof body.roles === 'string'
      ? body.roles.split(/\r?\n|,/)
      : [];
  const cleaned = roles.map((role) => role.trim()).filter((role) => role !== '');
  if (cleaned.length > 0) input.roles = cleaned;

  if (Object.keys(fields).length > 0) throw new FieldErrors(fields);
  return input;
}

/** Adds each reason's summary, fix and console link to a diagnosis. */
export function explainDiagnosis(diagnosis: Diagnosis) {
  return {
    ...diagnosis,
    explanations: diagnosis.reasons.map((code) => ({
      code,
      summary: REASON_TEXTS[code].summary,
      fix: REASON_TEXTS[code].fix,
      section: REASON_TEXTS[code].consoleSection,
      href: SECTION_PATHS[REASON_TEXTS[code].consoleSection],
      section_label: SECTION_LABELS[REASON_TEXTS[code].consoleSection],
    })),
  };
}

/** `POST /api/v1/admin/diagnose`: why can't this contact sign in? */
export async function diagnoseRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;

  // A POST because the form carries an email; it changes nothing but still needs the CSRF token.
  app.post(
    '/api/v1/admin/diagnose',
    bodyFields('email', 'contact_id', 'psa_company_id', 'roles'),
    adminHandler<DiagnoseBody>(ctx, {}, async ({ body, tenant }) => {
      const input = parseDiagnoseBody(body);
      return explainDiagnosis(await diagnoseContact(ctx, tenant, input));
    }),
  );
}
