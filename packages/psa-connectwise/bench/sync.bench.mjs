// Measures a full sync from the Manage simulator into a fresh SQLite file, over the built
// packages (run `pnpm build` first). The simulator runs in a child process so it does not
// share this process's event loop.
//
//   node bench/sync.bench.mjs --companies 2000 --contacts 20000 --invoices 1000000
//
// `--reconcile` adds the pass that compares every id with Manage to find deletions.
// `--records-per-transaction N` sets how many records each database transaction writes.
// `--cache-mib N` sets SQLite's page cache for this connection; without it SQLite uses 2 MiB.
//
// Prints one JSON line: {records, seconds, recordsPerSec, syncCpuSec, simulatorCpuSec,
// loadAverage, peakRssMb, counts}. The CPU figures cover the sync only, not start-up or the
// simulator's data generation. `simulatorCpuSec` is null with `--url`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
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
    'records-per-transaction': { type: 'string' },
    'cache-mib': { type: 'string' },
  },
});

const simulator = values.url ? null : await startSimulator(values);
const manageUrl = values.url ?? simulator.url;
const folder = mkdtempSync(path.join(tmpdir(), 'billfold-sync-bench-'));
try {
  const database = openDatabase({ url: path.join(folder, 'bench.db') });
  if (values['cache-mib'] !== undefined) {
    database.sqlite.pragma(`cache_size = ${-1024 * Number(values['cache-mib'])}`);
  }
  await migrateToLatest(database.db);
  const tenant = await createTenant(database.db, {
    slug: 'bench',
    name: 'Bench',
    portalOrigin: 'http://localhost:4000',
    now: Date.now(),
  });

  const simulatorCpuBefore = simulator ? await simulator.cpuSeconds() : null;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const summary = await syncTenant({
    db: database.db,
    tenantId: tenant.id,
    connection: { ...DEMO_CREDENTIALS, url: manageUrl },
    reconcile: values.reconcile,
    ...(values['records-per-transaction'] === undefined
      ? {}
      : { recordsPerTransaction: Number(values['records-per-transaction']) }),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const simulatorCpuAfter = simulator ? await simulator.cpuSeconds() : null;
  const loadAverage = os.loadavg().map((load) => Number(load.toFixed(2)));
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
      syncCpuSec: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      simulatorCpuSec:
        simulatorCpuAfter === null
          ? null
          : Number((simulatorCpuAfter - simulatorCpuBefore).toFixed(2)),
      loadAverage,
      peakRssMb,
      counts,
    }),
  );
} finally {
  simulator?.child.kill();
  rmSync(folder, { recursive: true, force: true });
}

// Starts `@billfold/manage-sim` in a child process and waits for its URL. For each line the
// parent writes to its stdin, the child writes back its CPU seconds so far.
function startSimulator(sizes) {
  const script = `
    import { createInterface } from 'node:readline';
    const { startManageSim } = await import('@billfold/manage-sim');
    const sim = await startManageSim({ host: '127.0.0.1', port: 0, seed: ${Number(sizes.seed)},
      companies: ${Number(sizes.companies)}, contacts: ${Number(sizes.contacts)},
      invoices: ${Number(sizes.invoices)} });
    process.stdout.write(sim.url + '\\n');
    createInterface({ input: process.stdin }).on('line', () => {
      const { user, system } = process.cpuUsage();
      process.stdout.write((user + system) / 1e6 + '\\n');
    });
  `;
  // The package folder as working directory, so the import resolves from any caller's folder.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdout.setEncoding('utf8');
  const lines = createInterface({ input: child.stdout });
  const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
  const cpuSeconds = async () => {
    const answer = nextLine();
    child.stdin.write('cpu\n');
    return Number(await answer);
  };
  return new Promise((resolve, reject) => {
    nextLine().then((line) => resolve({ url: line.trim(), child, cpuSeconds }));
    child.once('exit', (code) => reject(new Error(`simulator exited with code ${code}`)));
  });
}
