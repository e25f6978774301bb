import { getTenantBySlug, listTenants, type Tenant } from '@billfold/db';
import type { AppContext } from '../context.js';

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Parsed command-line options shared by the commands. */
export interface CliOptions {
  tenant?: string;
  email?: string;
  company?: string;
  role?: string[];
  password?: string;
}

/**
 * Finds the tenant named by `--tenant`, or the only tenant when there is exactly one.
 * Throws a {@link UsageError} naming the value otherwise.
 */
export async function resolveTenantOption(ctx: AppContext, slug: string | undefined): Promise<Tenant> {
  if (slug !== undefined) {
    const tenant = await getTenantBySlug(ctx.db, slug);
    if (tenant === undefined) {
      throw new UsageError(`Tenant "${slug}" not found: check the slug, or run \`billfold demo\` first.`);
    }
    return tenant;
  }
  const tenants = await listTenants(ctx.db);
  if (tenants.length === 1 && tenants[0] !== undefined) return tenants[0];
  throw new UsageError(`Missing --tenant SLUG: the database contains ${tenants.length} tenants.`);
}
