import { findContactsByEmail, type Tenant } from '@billfold/db';
import { REASON_TEXTS } from '@billfold/eligibility';
import { diagnoseContact, type Diagnosis } from '../admin/diagnose.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { createAppContext } from '../index.js';
import { resolveTenantOption, UsageError, type CliOptions } from './options.js';

/** One verdict the doctor prints: for a contact, or for the email when none is identified. */
interface Verdict {
  diagnosis: Diagnosis;
  rolesNote: string;
}

/**
 * `billfold doctor`: prints the eligibility verdict for a contact and every reason, from
 * the same code the SSO endpoints use. An email shared by contacts of several companies
 * gets one verdict per company, as each would launch with its own PSA contact id.
 * Exit 0 when every verdict is eligible, 1 when one is not, 2 on bad arguments.
 */
export async function runDoctor(options: CliOptions): Promise<number> {
  if (options.tenant === undefined) {
    throw new UsageError('Missing --tenant SLUG (for the demo: --tenant demo).');
  }
  if (options.email === undefined || options.email.trim() === '') {
    throw new UsageError('Missing --email EMAIL: the contact to check.');
  }
  if (options.company !== undefined && !/^[1-9][0-9]*$/.test(options.company)) {
    throw new UsageError(`Invalid --company "${options.company}": expected a PSA company id.`);
  }

  const ctx = await createAppContext(loadConfig(), { quiet: true });
  try {
    const tenant = await resolveTenantOption(ctx, options.tenant);
    const verdicts = await diagnoseEmail(ctx, tenant, options);
    console.log(`Tenant:  ${tenant.slug}`);
    console.log(`Email:   ${options.email}`);
    for (const verdict of verdicts) printVerdict(verdict);
    return verdicts.every((verdict) => verdict.diagnosis.eligible) ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}

async function diagnoseEmail(ctx: AppContext, tenant: Tenant, options: CliOptions): Promise<Verdict[]> {
  const email = options.email ?? '';
  const matches = await findContactsByEmail(ctx.db, tenant.id, email);
  const companies = new Set(matches.map((row) => row.company_psa_id));
  const perContact = options.company === undefined && matches.length > 1 && companies.size > 1;

  if (!perContact) {
    const only = matches.length === 1 ? matches[0] : undefined;
    const roles = await defaultRoles(ctx, tenant, options, only?.id);
    const diagnosis = await diagnoseContact(ctx, tenant, {
      email,
      ...(options.company === undefined ? {} : { psaCompanyId: options.company }),
      ...(roles.roles === undefined ? {} : { roles: roles.roles }),
    });
    return [{ diagnosis, rolesNote: roles.note }];
  }

  const verdicts: Verdict[] = [];
  for (const row of matches) {
    const roles = await defaultRoles(ctx, tenant, options, row.id);
    const diagnosis = await diagnoseContact(ctx, tenant, {
      contactId: row.id,
      ...(roles.roles === undefined ? {} : { roles: roles.roles }),
    });
    verdicts.push({ diagnosis, rolesNote: roles.note });
  }
  return verdicts;
}

// Customer Portal roles reach Billfold only inside a launch. Unless --role is given, the
// doctor uses the roles of the contact's most recent launch. When that launch lacked the
// required role, the verdict keeps `missing_billing_role`. Otherwise the doctor assumes
// the required role is sent and prints that assumption.
async function defaultRoles(
  ctx: AppContext,
  tenant: Tenant,
  options: CliOptions,
  contactId: number | undefined,
): Promise<{ roles?: string[]; note: string }> {
  if (options.role !== undefined) {
    return { roles: options.role, note: `roles checked: ${options.role.join(', ')}` };
  }
  const last =
    contactId === undefined
      ? undefined
      : await ctx.db
          .selectFrom('sso_events')
          .select(['at', 'reasons'])
          .where('tenant_id', '=', tenant.id)
          .where('contact_id', '=', contactId)
          .orderBy('at', 'desc')
          .limit(1)
          .executeTakeFirst();
  if (last !== undefined && last.reasons.split(' ').includes('missing_billing_role')) {
    const at = new Date(last.at).toISOString();
    return { roles: [], note: `roles: the last launch (${at}) lacked "${tenant.required_role}"` };
  }
  return {
    note: `roles: assumed to include "${tenant.required_role}" (the portal sends them at launch; pass --role to check others)`,
  };
}

function printVerdict({ diagnosis, rolesNote }: Verdict): void {
  const contact = diagnosis.contact;
  console.log('');
  if (contact !== null) {
    const company = contact.companyName ?? 'no company';
    console.log(`Contact: PSA id ${contact.psaId}, ${company}, profile ${contact.profileName}`);
  }
  console.log(`  ${rolesNote}`);
  if (diagnosis.eligible) {
    console.log('Verdict: eligible. This contact can open Payments and see invoices.');
    return;
  }
  const count = diagnosis.reasons.length;
  console.log(`Verdict: not eligible (${count} ${count === 1 ? 'reason' : 'reasons'})`);
  for (const code of diagnosis.reasons) {
    const text = REASON_TEXTS[code];
    console.log(`  ${code}`);
    console.log(`    ${text.summary}`);
    console.log(`    Fix: ${text.fix}`);
  }
}
