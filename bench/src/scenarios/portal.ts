import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { requestJson } from '../http-client.js';
import { signLaunchTokens, type BenchIssuer } from '../launch-tokens.js';
import { runLoad } from '../load.js';
import { summarizeCpuProfile, type ProfileSummary } from '../profile.js';
import type { SeededDatabase } from '../seed.js';
import type { BenchSettings, ScenarioName } from '../settings.js';
import { compareSides, type Comparison } from './compare.js';
import { measureQueryCosts, type QueryCost } from './query-costs.js';
import { startFloor, startPortalUnderTest, type PortalUnderTest } from './portal-processes.js';
import { scenarioTargets, type TargetContext } from './targets.js';

/** Measurements of the portal scenarios. */
export interface PortalBenchResult {
  comparisons: Record<ScenarioName, Comparison>;
  /** The portal's resident set size after every load round, in bytes. */
  rssBytes: number;
  heapUsedBytes: number;
  /** The invoice-page query run in a loop in the bench process, without HTTP. */
  inProcessQueriesPerSec: number;
  /** The portal's database calls timed in the bench process, with no load running. */
  queryCosts: QueryCost[];
  profiles: ProfileSummary[];
}

const SCENARIOS: readonly ScenarioName[] = ['sso_launch', 'me', 'invoices'];
const SESSION_COUNT = 20;
const IN_PROCESS_SECONDS = 1;

/**
 * Runs the three HTTP scenarios against a forked portal and a forked floor server,
 * reads the portal's memory after the load, and CPU-profiles the scenarios named in
 * `settings.profiledScenarios` in fresh portal processes.
 */
export async function runPortalBench(
  settings: BenchSettings,
  seeded: SeededDatabase,
  issuer: BenchIssuer,
  log: (line: string) => void,
): Promise<PortalBenchResult> {
  const portal = await startPortalUnderTest(seeded, issuer);
  const floor = await startFloor(seeded, issuer, portal.origin).catch(async (error: unknown) => {
    await portal.worker.stop();
    throw error;
  });

  try {
    const context = await targetContext(portal, floor.port, seeded, issuer);
    const comparisons = {} as Record<ScenarioName, Comparison>;
    for (const scenario of SCENARIOS) {
      log(
        `portal: ${scenario}, ${settings.rounds} round(s) of ${settings.roundSeconds} s per side`,
      );
      comparisons[scenario] = await compareSides(scenarioTargets(scenario, context), settings);
    }
    const memory = await portal.worker.memory();
    const inProcessQueriesPerSec = measureQueryInProcess(seeded, context);

    await portal.worker.stop();
    await floor.worker.stop();
    log('portal: database calls, timed in process');
    const queryCosts = await measureQueryCosts(seeded, portal.origin, settings.queryCostSeconds);
    const profiles = await profileScenarios(settings, seeded, issuer, comparisons, log);
    return {
      comparisons,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      inProcessQueriesPerSec,
      queryCosts,
      profiles,
    };
  } finally {
    await portal.worker.stop();
    await floor.worker.stop();
  }
}

async function targetContext(
  portal: PortalUnderTest,
  floorPort: number,
  seeded: SeededDatabase,
  issuer: BenchIssuer,
): Promise<TargetContext> {
  const partial = {
    portalPort: portal.port,
    host: portal.host,
    audience: portal.origin,
    floorPort,
    issuer,
    contacts: seeded.contacts,
  };
  return { ...partial, sessions: await launchSessions(partial) };
}

/** Creates sessions through the real launch endpoint, one per sampled company. */
async function launchSessions(
  context: Omit<TargetContext, 'sessions'>,
): Promise<TargetContext['sessions']> {
  const contacts = context.contacts.slice(0, SESSION_COUNT);
  const tokens = await signLaunchTokens(
    context.issuer,
    context.audience,
    contacts,
    contacts.length,
  );

  const sessions = [];
  for (const [index, token] of tokens.entries()) {
    const response = await requestJson(
      context.portalPort,
      context.host,
      'POST',
      '/api/v1/sessions',
      {
        launch_token: token,
      },
    );
    if (response.status !== 201) {
      throw new Error(
        `A bench launch was rejected with status ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    const body = response.body as { access_token: string };
    sessions.push({ accessToken: body.access_token, companyId: contacts[index]?.companyId ?? 0 });
  }
  return sessions;
}

// The floor's query with no HTTP at all, for scale: how much of a request is the query.
function measureQueryInProcess(seeded: SeededDatabase, context: TargetContext): number {
  const sqlite = new BetterSqlite3(seeded.file, { readonly: true });
  const statement = sqlite.prepare(
    `select id, invoice_number, invoice_date, due_date, currency, total, balance, is_closed,
       status_name
     from invoices where tenant_id = ? and company_id = ? and deleted = 0
     order by due_date desc, id desc limit 51`,
  );
  const deadline = performance.now() + IN_PROCESS_SECONDS * 1000;
  let queries = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    const session = context.sessions[queries % context.sessions.length];
    statement.all(seeded.tenantId, session?.companyId ?? 1);
    queries += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  sqlite.close();
  return queries / seconds;
}

async function profileScenarios(
  settings: BenchSettings,
  seeded: SeededDatabase,
  issuer: BenchIssuer,
  comparisons: Record<ScenarioName, Comparison>,
  log: (line: string) => void,
): Promise<ProfileSummary[]> {
  if (settings.profileSeconds <= 0) return [];
  const directory = path.join(settings.dataDir, 'profiles');
  rmSync(directory, { recursive: true, force: true });

  const profiles: ProfileSummary[] = [];
  for (const scenario of settings.profiledScenarios) {
    log(`profile: ${scenario}, ${settings.profileSeconds} s under node --cpu-prof`);
    const name = `${scenario}.cpuprofile`;
    const portal = await startPortalUnderTest(seeded, issuer, [
      '--cpu-prof',
      `--cpu-prof-dir=${directory}`,
      `--cpu-prof-name=${name}`,
    ]);
    try {
      const context = await targetContext(portal, 0, seeded, issuer);
      const rate = comparisons[scenario].subject.requestsPerSec.median;
      const expected = Math.ceil(rate * settings.profileSeconds * 1.5) + 1000;
      const target = await scenarioTargets(scenario, context).subject(expected);
      await runLoad(target, settings.profileSeconds, settings.connections);
    } finally {
      await portal.worker.stop();
    }
    profiles.push(summarizeCpuProfile(scenario, path.join(directory, name)));
  }
  return profiles;
}
