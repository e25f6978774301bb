import { runLoad, type RoundResult } from '../load.js';
import type { BenchSettings } from '../settings.js';
import { summarize, type Summary } from '../stats.js';
import type { ScenarioTargets } from './targets.js';

/** One side of a comparison over all its rounds. */
export interface SideResult {
  requestsPerSec: Summary;
  p99Ms: Summary;
  /** Summed over the measured rounds. */
  non2xx: number;
  /** Summed over the measured rounds, per status code. */
  non2xxByStatus: Record<string, number>;
  errors: number;
}

/** A portal route against its floor, measured in alternating rounds. */
export interface Comparison {
  subject: SideResult;
  floor: SideResult;
  /** Median subject throughput divided by median floor throughput. */
  ratio: number;
}

// Launch tokens are signed for 1.3 times the requests the floor served in the round just
// before, because the portal does the floor's work and more, so it cannot serve more.
// Sizing by the portal's own last round ran short when a round was much faster than that.
const TOKEN_HEADROOM = 1.3;
const MIN_EXPECTED_REQUESTS = 2000;

/**
 * Warms both sides, then runs `settings.rounds` rounds of floor then subject, so slow
 * drift of the machine affects both alike. Targets are rebuilt before every round, which
 * signs fresh launch tokens outside the measured time.
 */
export async function compareSides(
  targets: ScenarioTargets,
  settings: BenchSettings,
): Promise<Comparison> {
  const { connections, roundSeconds, warmupSeconds } = settings;
  const expected = (rate: number, seconds: number) =>
    Math.max(MIN_EXPECTED_REQUESTS, Math.ceil(rate * seconds * TOKEN_HEADROOM));

  const floorWarmup = await runLoad(await targets.floor(0), warmupSeconds, connections);
  await runLoad(
    await targets.subject(expected(floorWarmup.requestsPerSec, warmupSeconds)),
    warmupSeconds,
    connections,
  );

  const floorRounds: RoundResult[] = [];
  const subjectRounds: RoundResult[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const floorRound = await runLoad(await targets.floor(0), roundSeconds, connections);
    floorRounds.push(floorRound);

    const subjectTarget = await targets.subject(expected(floorRound.requestsPerSec, roundSeconds));
    subjectRounds.push(await runLoad(subjectTarget, roundSeconds, connections));
  }

  const subject = sideResult(subjectRounds);
  const floor = sideResult(floorRounds);
  return { subject, floor, ratio: subject.requestsPerSec.median / floor.requestsPerSec.median };
}

/** Summarises the rounds of one side. */
export function sideResult(rounds: readonly RoundResult[]): SideResult {
  return {
    requestsPerSec: summarize(rounds.map((round) => round.requestsPerSec)),
    p99Ms: summarize(rounds.map((round) => round.p99Ms)),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    non2xxByStatus: mergeCounts(rounds.map((round) => round.non2xxByStatus)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
  };
}

function mergeCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const count of counts) {
    for (const [status, value] of Object.entries(count)) {
      merged[status] = (merged[status] ?? 0) + value;
    }
  }
  return merged;
}
