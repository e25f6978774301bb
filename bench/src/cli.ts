import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport, updateBenchmarksDoc } from './report.js';
import { runBench } from './run-bench.js';
import { fullSettings, quickSettings } from './settings.js';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const USAGE = `Usage: pnpm bench [-- --quick]

  --quick   small data set, one 2 s round per side; writes bench/.data/benchmarks-quick.md
            instead of docs/benchmarks.md
  --help    print this text`;

/**
 * Runs the benchmarks from the command line and returns the exit code: 0 when the run
 * completed (targets missed or not), 2 on an unknown option. A full run rewrites the
 * generated part of docs/benchmarks.md.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const args = argv.filter((arg) => arg !== '--');
  const unknown = args.filter((arg) => arg !== '--quick' && arg !== '--help');
  if (args.includes('--help') || unknown.length > 0) {
    if (unknown.length > 0) console.error(`Unknown option: ${unknown.join(' ')}`);
    console.error(USAGE);
    return unknown.length > 0 ? 2 : 0;
  }

  const dataDir = path.join(BENCH_DIR, '.data');
  const settings = args.includes('--quick') ? quickSettings(dataDir) : fullSettings(dataDir);
  const run = await runBench(settings, (line) => console.log(`[bench] ${line}`));

  const report = renderReport(run);
  writeFileSync(path.join(dataDir, `results-${settings.mode}.json`), JSON.stringify(run, null, 2));
  if (settings.mode === 'full') {
    const docFile = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
    writeFileSync(docFile, updateBenchmarksDoc(readIfExists(docFile), report));
    console.log(`[bench] wrote ${path.relative(REPO_ROOT, docFile)}`);
  } else {
    writeFileSync(path.join(dataDir, 'benchmarks-quick.md'), report);
  }
  console.log(report);
  return 0;
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
