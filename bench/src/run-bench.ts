import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { buildFigures, type Figure, type Measurements } from './figures.js';
import { createBenchIssuer } from './launch-tokens.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { runPortalBench } from './scenarios/portal.js';
import { runSyncBench } from './scenarios/sync.js';
import { measureWidget } from './scenarios/widget.js';
import { seedPortalDatabase, type SeededDatabase } from './seed.js';
import type { BenchSettings } from './settings.js';

/** A whole run: settings, machine, the seeded data, raw measurements and figures. */
export interface BenchRun {
  settings: BenchSettings;
  machine: MachineInfo;
  startedAt: string;
  durationSeconds: number;
  /**
   * One-minute load average at the start and at the end of the run. A value well above 1
   * means other processes competed for the CPU during the measurement.
   */
  loadAverage: { start: number; end: number };
  seeded: Omit<SeededDatabase, 'contacts'>;
  measurements: Measurements;
  figures: Figure[];
}

/**
 * Seeds (or reuses) the bench database, runs every scenario and builds the figures.
 * `log` receives one progress line per step.
 */
export async function runBench(
  settings: BenchSettings,
  log: (line: string) => void = () => {},
): Promise<BenchRun> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0] ?? 0;
  mkdirSync(settings.dataDir, { recursive: true });

  log(
    `seed: ${settings.portal.invoices.toLocaleString('en-US')} invoices in ` +
      `${settings.portal.companies.toLocaleString('en-US')} companies`,
  );
  const seeded = await seedPortalDatabase(settings);
  log(
    `seed: ${seeded.reused ? 'reused' : 'created'} ${seeded.file} in ${seeded.seedSeconds.toFixed(1)} s`,
  );

  const issuer = await createBenchIssuer();
  const portal = await runPortalBench(settings, seeded, issuer, log);

  log(`sync: ${settings.sync.invoices.toLocaleString('en-US')} invoices from the simulator`);
  const sync = await runSyncBench(settings).catch((error: unknown) => ({
    ok: false as const,
    failed: error instanceof Error ? error.message : String(error),
  }));
  const widget = measureWidget();

  const measurements: Measurements = { portal, sync, widget };
  const { contacts: _contacts, ...seededSummary } = seeded;
  return {
    settings,
    machine: describeMachine(),
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    seeded: seededSummary,
    measurements,
    figures: buildFigures(measurements),
  };
}
