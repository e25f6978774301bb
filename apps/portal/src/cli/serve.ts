import { randomBytes } from 'node:crypto';
import { migrateToLatest } from '@billfold/db';
import { createInternalUser } from '../admin/passwords.js';
import { loadConfig } from '../config.js';
import { createAppContext, startPortal } from '../index.js';
import { resolveTenantOption, UsageError, type CliOptions } from './options.js';

/** `billfold serve`: starts the portal and runs until SIGINT or SIGTERM. */
export async function runServe(): Promise<number> {
  const ctx = await createAppContext(loadConfig());
  await startPortal({ ctx });
  return new Promise<number>(() => {
    // The server's own signal handlers end the process.
  });
}

/** `billfold migrate`: applies pending migrations and lists them. */
export async function runMigrate(): Promise<number> {
  const ctx = await createAppContext(loadConfig(), { quiet: true, migrate: false });
  try {
    const applied = await migrateToLatest(ctx.db);
    console.log(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
    return 0;
  } finally {
    await ctx.database.close();
  }
}

/** `billfold create-admin`: creates an internal user; prints the password when generated. */
export async function runCreateAdmin(options: CliOptions): Promise<number> {
  if (options.email === undefined) throw new UsageError('Missing --email EMAIL.');
  const role = options.role?.[0] ?? 'master';
  if (role !== 'master' && role !== 'admin') {
    throw new UsageError(`Invalid --role "${role}": expected master or admin.`);
  }
  const password = options.password ?? randomBytes(12).toString('base64url');

  const ctx = await createAppContext(loadConfig(), { quiet: true });
  try {
    const tenant = await resolveTenantOption(ctx, options.tenant);
    await createInternalUser(ctx.db, { tenantId: tenant.id, email: options.email, password, role });
    console.log(`Created ${role} ${options.email} for tenant ${tenant.slug}.`);
    if (options.password === undefined) console.log(`Password: ${password}`);
    return 0;
  } finally {
    await ctx.database.close();
  }
}
