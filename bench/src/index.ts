export { main } from './cli.js';
export { runBench, type BenchRun } from './run-bench.js';
export { fullSettings, quickSettings, type BenchSettings, type ScenarioName } from './settings.js';
export { buildFigures, type Figure, type FigureId } from './figures.js';
export { renderReport, updateBenchmarksDoc } from './report.js';
export { summarizeCpuProfile, type ProfileSummary } from './profile.js';
