import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startManageSim } from '@billfold/manage-sim';
import { createTestDatabase, type TestDatabase } from '@billfold/db/testing';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig, type PortalConfig } from '../../src/config.js';
import { createAppContext, startPortal } from '../../src/index.js';
import type { AppContext } from '../../src/context.js';
import { seedDemoTenant } from '../../src/cli/demo-seed.js';
import { syncTenant } from '@billfold/psa-connectwise';

/** The two sites of a real deployment, on loopback: the Manage simulator and the portal. */
export interface DemoStack {
  simUrl: string;
  portalUrl: string;
  ctx: AppContext;
  tenantId: number;
  adminPassword: string;
  close(): Promise<void>;
}

/**
 * Starts what `pnpm start` starts, on free ports and a fresh database: the simulator on
 * 127.0.0.1, the portal on localhost (so the two are different sites, as in production),
 * the demo tenant, and one sync through the real Manage REST client.
 */
export async function startDemoStack(
  options: { dialect?: 'sqlite' | 'postgres'; grantDefaultBilling?: boolean } = {},
): Promise<DemoStack> {
  const database: TestDatabase = await createTestDatabase(options.dialect ?? 'sqlite');
  const config: PortalConfig = {
    ...loadConfig({}),
    databaseUrl: database.url,
    host: 'localhost',
    port: 0,
    logLevel: 'warn',
  };
  const ctx = await createAppContext(config);
  const portal = await startPortal({ ctx, handleSignals: false });
  const portalUrl = `http://localhost:${portal.port}`;

  const sim = await startManageSim({
    host: '127.0.0.1',
    port: 0,
    companies: 12,
    contacts: 60,
    invoices: 400,
    seed: 7,
    billfoldUrl: portalUrl,
  });
  ctx.config.manage = { ...ctx.config.manage, url: sim.url };

  const adminPassword = 'e2e-admin-password';
  const seeded = await seedDemoTenant(ctx, {
    portalOrigin: portalUrl,
    manageOrigin: sim.url,
    adminPassword,
  });
  await syncTenant({ db: ctx.db, tenantId: seeded.tenantId, connection: ctx.config.manage });
  if (options.grantDefaultBilling !== false) await seeded.grantDefaultBillingContacts();

  return {
    simUrl: sim.url,
    portalUrl,
    ctx,
    tenantId: seeded.tenantId,
    adminPassword,
    close: async () => {
      await portal.close();
      await sim.close();
      await ctx.database.close();
      await database.dispose();
    },
  };
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Finds the Chromium binary; returns null and prints a notice when the machine has none. */
export function chromiumPath(): string | null {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(candidate)) return candidate;
  console.warn(
    `Browser tests skipped: no Chromium at ${candidate}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  return null;
}

/** Launches headless Chromium with the flags this machine needs. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Folder for screenshots kept as test artefacts. */
export function artifactsDir(...parts: string[]): string {
  const dir = path.resolve(import.meta.dirname, '../../test-artifacts', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
