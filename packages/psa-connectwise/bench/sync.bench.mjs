// Measures a full sync from the Manage simulator into a fresh SQLite file, over the built
// packages (run `pnpm build` first). The simulator runs in a child process so it does not
// share this process's event loop.
//
//   node bench/sync.bench.mjs --companies 2000 --contacts 20000 --invoices 1000000
//
// `--reconcile` adds the pass that compares every id with Manage to find deletions.
//
// Prints one JSON line: {records, seconds, recordsPerSec, peakRssMb, counts}.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTenant, migrateToLatest, openDatabase } from '@billfold/db';
import { syncTenant } from '@billfold/psa-connectwise';

const DEMO_CREDENTIALS = {
  companyId: 'billfold_demo',
  publicKey: 'demo-public-key',
  privateKey: 'demo-private-key',
  clientId: '00000000-0000-4000-8000-00000000b111',
};

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '2000' },
    contacts: { type: 'string', default: '20000' },
    invoices: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    url: { type: 'string' },
    reconcile: { type: 'boolean', default: false },
  },
});

const simulator = values.url ? null : await startSimulator(values);
const manageUrl = values.url ?? simulator.url;
const folder = mkdtempSync(path.join(tmpdir(), 'billfold-sync-bench-'));
try {
  const database = openDatabase({ url: path.join(folder, 'bench.db') });
  await migrateToLatest(database.db);
  const tenant = await createTenant(database.db, {
    slug: 'bench',
    name: 'Bench',
    portalOrigin: 'http://localhost:4000',
    now: Date.now(),
  });

  const started = process.hrtime.bigint();
  const summary = await syncTenant({
    db: database.db,
    tenantId: tenant.id,
    connection: { ...DEMO_CREDENTIALS, url: manageUrl },
    reconcile: values.reconcile,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await database.close();
  if (summary.status !== 'succeeded') throw new Error(`sync failed: ${summary.error}`);

  const counts = Object.fromEntries(
    Object.entries(summary.counts).map(([entity, count]) => [entity, count.upserted]),
  );
  const records = counts.companies + counts.contacts + counts.invoices;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const recordsPerSec = Math.round(records / seconds);
  console.log(
    JSON.stringify({
      records,
      seconds: Number(seconds.toFixed(2)),
      recordsPerSec,
      peakRssMb,
      counts,
    }),
  );
} finally {
  simulator?.child.kill();
  rmSync(folder, { recursive: true, force: true });
}

// Starts `@billfold/manage-sim` in a child process and waits for its URL.
function startSimulator(sizes) {
  const script = `
    const { startManageSim } = await import('@billfold/manage-sim');
    const sim = await startManageSim({ host: '127.0.0.1', port: 0, seed: ${Number(sizes.seed)},
      companies: ${Number(sizes.companies)}, contacts: ${Number(sizes.contacts)},
      invoices: ${Number(sizes.invoices)} });
    process.stdout.write(sim.url + '\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line) => resolve({ url: line.trim(), child }));
    child.once('exit', (code) => reject(new Error(`simulator exited with code ${code}`)));
  });
}
