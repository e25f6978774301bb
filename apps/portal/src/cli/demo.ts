import { randomBytes } from 'node:crypto';
import { startManageSim } from '@billfold/manage-sim';
import { loadConfig, DEMO_MANAGE } from '../config.js';
import { createAppContext, startPortal } from '../index.js';
import { seedDemoTenant } from './demo-seed.js';
import { syncWithProgress } from './sync.js';

const DEMO_SIM = { companies: 40, contacts: 400, invoices: 6000, seed: 1 };

/**
 * `billfold demo` (what `pnpm start` runs): starts the Manage simulator on
 * 127.0.0.1:4100 unless MANAGE_URL points elsewhere, seeds the `demo` tenant, syncs
 * through the real Manage REST client, and serves the portal on localhost:4000.
 */
export async function runDemo(): Promise<number> {
  const config = loadConfig();
  const useSimulator = config.manage.url === DEMO_MANAGE.url;
  const portalOrigin = `http://localhost:${config.port}`;

  const sim = useSimulator
    ? await startManageSim({
        host: '127.0.0.1',
        port: 4100,
        ...DEMO_SIM,
        billfoldUrl: portalOrigin,
      })
    : null;
  const ctx = await createAppContext(config);
  const adminPassword = process.env.BILLFOLD_ADMIN_PASSWORD || randomBytes(9).toString('base64url');

  const seeded = await seedDemoTenant(ctx, {
    portalOrigin,
    manageOrigin: new URL(config.manage.url).origin,
    adminPassword,
  });
  const synced = await syncWithProgress(ctx, seeded.tenantId);
  if (!synced) {
    await sim?.close();
    await ctx.database.close();
    return 1;
  }
  if (seeded.created) {
    const granted = await seeded.grantDefaultBillingContacts();
    console.log(`Gave the Admin profile to ${granted} default billing contacts (bulk update).`);
  }

  const portal = await startPortal({ ctx });
  printWelcome(portalOrigin, sim?.url ?? config.manage.url, adminPassword);

  const shutdown = async () => {
    await portal.close();
    await sim?.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return new Promise<number>(() => {
    // Runs until a signal arrives.
  });
}

function printWelcome(portalOrigin: string, simUrl: string, adminPassword: string): void {
  const lines = [
    '',
    'Billfold demo is running. Press Ctrl-C to stop.',
    '',
    `  1. Open the simulated ConnectWise Customer Portal: ${simUrl}/portal/login`,
    '     Sign in as ada.admin@northwind.example, password demo, and open Payments:',
    '     the Billfold widget lists Northwind Traders’ invoices without a second login.',
    '     Also try (password demo):',
    '       rex.revoked@northwind.example      not eligible: access_revoked',
    '       nora.norole@northwind.example      not eligible: missing_billing_role',
    '       ivan.internal@northwind.example    not eligible: internal_user_conflict',
    '       sam.shared@contoso.example         eligible in Contoso or Fabrikam, as chosen',
    '',
    `  2. Billfold admin console: ${portalOrigin}/admin`,
    `     Sign in as admin@msp.example, password ${adminPassword}`,
    '',
    '  3. Ask why a contact cannot sign in, from a terminal:',
    '     pnpm billfold doctor --tenant demo --email rex.revoked@northwind.example',
    '',
  ];
  console.log(lines.join('\n'));
}
