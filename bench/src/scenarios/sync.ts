import path from 'node:path';
import type { BenchSettings } from '../settings.js';
import { startWorker } from '../workers.js';

/** A measured sync, or why it could not run. */
export type SyncBenchResult =
  | {
      ok: true;
      seconds: number;
      status: string | null;
      counts: { companies: number; contacts: number; invoices: number };
      recordsPerSec: number;
      /** CPU time of the sync process and of the simulator during the sync, in seconds. */
      syncCpuSeconds: number;
      simulatorCpuSeconds: number;
    }
  | { ok: false; reason: string };

const SYNC_TIMEOUT_MS = 30 * 60_000;

/**
 * Starts the Manage simulator in one process and runs a full sync from it in another,
 * into a fresh SQLite file. Records per second counts every company, contact and invoice
 * row in the database after the sync, over the wall time of `syncTenant`.
 */
export async function runSyncBench(settings: BenchSettings): Promise<SyncBenchResult> {
  const sim = await startWorker('manage-sim.mjs', {
    env: { BENCH_SIM: JSON.stringify(settings.sync) },
    timeoutMs: 10 * 60_000,
  });
  if (!sim.ok) return { ok: false, reason: sim.reason };

  try {
    const simulatorBefore = await sim.worker.memory();
    const run = await startWorker('sync-run.mjs', {
      env: {
        BENCH_SYNC: JSON.stringify({
          manageUrl: sim.worker.ready.url,
          databaseFile: path.join(settings.dataDir, 'sync.db'),
        }),
      },
      timeoutMs: SYNC_TIMEOUT_MS,
    });
    if (!run.ok) return { ok: false, reason: run.reason };

    const done = run.worker.firstMessage;
    const simulatorAfter = await sim.worker.memory();
    const counts = done.counts as { companies: number; contacts: number; invoices: number };
    const seconds = Number(done.seconds);
    const records = counts.companies + counts.contacts + counts.invoices;
    return {
      ok: true,
      seconds,
      status: typeof done.status === 'string' ? done.status : null,
      counts,
      recordsPerSec: records / seconds,
      syncCpuSeconds: Number(done.cpuSeconds),
      simulatorCpuSeconds: simulatorAfter.cpuSeconds - simulatorBefore.cpuSeconds,
    };
  } finally {
    await sim.worker.stop();
  }
}
