/** Sizes and durations of one bench run. */
export interface BenchSettings {
  mode: 'full' | 'quick';
  /** Folder for the bench databases and CPU profiles. */
  dataDir: string;
  /** The portal database: companies, contacts per company, invoices in total. */
  portal: { companies: number; contactsPerCompany: number; invoices: number };
  /** The simulator's data set for the sync figure. */
  sync: { companies: number; contacts: number; invoices: number; seed: number };
  /** Measured rounds per side of each HTTP figure; the median is reported. */
  rounds: number;
  roundSeconds: number;
  /** Unmeasured load before the first round of each side, to warm the JIT and caches. */
  warmupSeconds: number;
  /** Load-generator connections; kept low because the machine may have only 2 cores. */
  connections: number;
  /** Seconds of load per CPU-profiled scenario; 0 skips profiling. */
  profileSeconds: number;
  /** Seconds per database call when timing the portal's queries in process. */
  queryCostSeconds: number;
  /** HTTP scenarios to run once more under `node --cpu-prof`. */
  profiledScenarios: readonly ScenarioName[];
}

/** The HTTP scenarios run against the portal. */
export type ScenarioName = 'sso_launch' | 'me' | 'invoices';

/** Returns the settings of the full run, which `docs/benchmarks.md` reports. */
export function fullSettings(dataDir: string): BenchSettings {
  return {
    mode: 'full',
    dataDir,
    portal: { companies: 10_000, contactsPerCompany: 2, invoices: 1_000_000 },
    sync: { companies: 2_000, contacts: 20_000, invoices: 1_000_000, seed: 1 },
    rounds: 3,
    roundSeconds: 10,
    warmupSeconds: 2,
    connections: 10,
    profileSeconds: 5,
    queryCostSeconds: 0.5,
    profiledScenarios: ['sso_launch', 'me', 'invoices'],
  };
}

/** Returns the settings of a run that finishes in under a minute, to check the harness. */
export function quickSettings(dataDir: string): BenchSettings {
  return {
    mode: 'quick',
    dataDir,
    portal: { companies: 200, contactsPerCompany: 2, invoices: 20_000 },
    sync: { companies: 20, contacts: 200, invoices: 2_000, seed: 1 },
    rounds: 1,
    roundSeconds: 2,
    warmupSeconds: 0.5,
    connections: 10,
    profileSeconds: 1,
    queryCostSeconds: 0.05,
    profiledScenarios: ['sso_launch', 'me', 'invoices'],
  };
}
