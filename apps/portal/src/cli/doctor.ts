import { REASON_TEXTS } from '@billfold/eligibility';
import { diagnoseContact } from '../admin/diagnose.js';
import { loadConfig } from '../config.js';
import { createAppContext } from '../index.js';
import { resolveTenantOption, UsageError, type CliOptions } from './options.js';

/**
 * `billfold doctor`: prints the eligibility verdict for one contact and every reason,
 * from the same code the SSO endpoints use. Exit 0 eligible, 1 not eligible, 2 bad arguments.
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
    const result = await diagnoseContact(ctx, tenant, {
      email: options.email,
      ...(options.company === undefined ? {} : { psaCompanyId: options.company }),
      ...(options.role === undefined ? {} : { roles: options.role }),
    });
    printVerdict(tenant.slug, options.email, result);
    return result.eligible ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}

function printVerdict(
  tenant: string,
  email: string,
  result: Awaited<ReturnType<typeof diagnoseContact>>,
): void {
  console.log(`Tenant:  ${tenant}`);
  console.log(`Contact: ${email}`);
  if (result.eligible) {
    console.log('Verdict: eligible — this contact can open Payments and see invoices.');
    return;
  }
  console.log(`Verdict: not eligible (${result.reasons.length} reasons)`);
  for (const code of result.reasons) {
    const text = REASON_TEXTS[code];
    console.log(`  ${code}`);
    console.log(`    ${text.summary}`);
    console.log(`    Fix: ${text.fix}`);
  }
}
