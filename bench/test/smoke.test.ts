import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../src/report.js';
import { runBench } from '../src/run-bench.js';
import { quickSettings } from '../src/settings.js';

// The quick run in a temporary folder checks that the harness still produces every
// figure. It asserts nothing about speed: the targets are for `pnpm bench` to report.
describe('bench quick run', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'billfold-bench-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('produces every figure', async () => {
    const run = await runBench(quickSettings(dataDir));
    const ids = run.figures.map((figure) => figure.id);
    expect(ids).toEqual([
      'sso_launch',
      'me',
      'invoices',
      'invoices_p99',
      'sync',
      'widget_gzip',
      'portal_rss',
    ]);

    for (const figure of run.figures) {
      // A part that another workspace has not built yet (an export is missing) is
      // reported as unavailable. A scenario that threw fails the test.
      if (figure.missing?.kind === 'unavailable') {
        expect(figure.missing.reason, figure.id).not.toBe('');
        continue;
      }
      expect(figure.missing, figure.id).toBeUndefined();
      expect(Number.isFinite(figure.value), figure.id).toBe(true);
      expect(typeof figure.met, figure.id).toBe('boolean');
    }

    const portalFigures = run.figures.filter((figure) => figure.id !== 'sync');
    for (const figure of portalFigures.filter((f) => f.id !== 'widget_gzip')) {
      expect(figure.value, figure.id).toBeGreaterThan(0);
    }
    for (const cost of run.measurements.portal.queryCosts) {
      expect(Number.isFinite(cost.kyselyMicros), cost.name).toBe(true);
      expect(Number.isFinite(cost.preparedMicros), cost.name).toBe(true);
    }
    const profiles = run.measurements.portal.profiles;
    expect(profiles.length).toBe(quickSettings(dataDir).profiledScenarios.length);
    for (const profile of profiles) {
      expect(profile.top.length, profile.scenario).toBeGreaterThan(0);
    }
    expect(renderReport(run)).toContain('| figure | result |');
  });
});
