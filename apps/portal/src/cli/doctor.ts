import { REASON_TEXTS } from '@billfold/eligibility';
import { diagnoseContact, type Diagnosis, type RolesSource } from '../admin/diagnose.js';
import { loadConfig } from '../config.js';
import { createAppContext } from '../index.js';
import { resolveTenantOption, UsageError, type CliOptions } from './options.js';

/**
 * `billfold doctor`: prints the eligibility verdict for a contact and every reason, from
 * the same code the SSO endpoints and the admin console use. An email shared by contacts
 * of several companies gets one verdict per company, as each launches with its own PSA
 * contact id. Exit 0 when eligible, 1 when not, 2 on bad arguments.
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
    const diagnosis = await diagnoseContact(ctx, tenant, {
      email: options.email,
      ...(options.company === undefined ? {} : { psaCompanyId: options.company }),
      ...(options.role === undefined ? {} : { roles: options.role }),
    });
    console.log(`Tenant:  ${tenant.slug}`);
    console.log(`Email:   ${options.email}`);
    for (const verdict of diagnosis.perContact ?? [diagnosis]) {
      printVerdict(verdict, tenant.required_role);
    }
    return diagnosis.eligible ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}

const ROLE_NOTES: Record<RolesSource, (role: string) => string> = {
  given: () => 'roles: as given with --role',
  last_launch: (role) => `roles: the contact's last launch did not carry "${role}"`,
  assumed: (role) =>
    `roles: assumed to include "${role}" (the portal sends roles at launch; pass --role to check others)`,
};

function printVerdict(diagnosis: Diagnosis, requiredRole: string): void {
  const contact = diagnosis.contact;
  console.log('');
  if (contact !== null) {
    const company = contact.companyName ?? 'no company';
    console.log(`Contact: PSA id ${contact.psaId}, ${company}, profile ${contact.profileName}`);
  }
  console.log(`  ${ROLE_NOTES[diagnosis.rolesSource](requiredRole)}`);
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
