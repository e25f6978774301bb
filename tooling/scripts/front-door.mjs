#!/usr/bin/env node
// The README's two commands, `npm start` and `npm test`, run this script. It needs only
// Node 20 and npm: it brings in the pinned pnpm, installs the workspace, and then runs
// the demo or every test. Each step prints what it does, and a failure prints how to fix it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PNPM_VERSION = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  .packageManager.split('@')[1];
// Folders whose subfolders are workspaces, and workspaces that sit at the root. Keep these
// in step with pnpm-workspace.yaml, or a workspace's test results are left out of the sum.
const WORKSPACE_PARENTS = ['apps', 'packages', 'tooling'];
const ROOT_WORKSPACES = ['bench'];

function main() {
  const command = process.argv[2];
  if (command !== 'start' && command !== 'test') {
    fail(`Unknown command "${command ?? ''}": expected "start" or "test".`, 2);
  }
  checkNode();
  const pnpm = ensurePnpm();
  step('Installing workspace dependencies');
  run(pnpm, ['install', '--frozen-lockfile', '--config.confirmModulesPurge=false']);

  if (command === 'start') {
    run(pnpm, ['run', 'demo', ...process.argv.slice(3)]);
    return;
  }
  runTests(pnpm);
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    fail(`Node ${process.versions.node} is too old: Billfold needs Node 20 or newer.`, 1);
  }
}

// pnpm is used from PATH when it is the pinned version. Otherwise it is installed once
// into .tools/ inside the checkout, so no global install or root access is needed.
function ensurePnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: false });
  if (onPath.status === 0 && onPath.stdout.trim() === PNPM_VERSION) {
    return 'pnpm';
  }
  const prefix = path.join(root, '.tools', `pnpm-${PNPM_VERSION}`);
  const local = path.join(prefix, 'node_modules', '.bin', 'pnpm');
  if (!existsSync(local)) {
    step(`Installing pnpm ${PNPM_VERSION} into .tools/`);
    run('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--no-save',
      `pnpm@${PNPM_VERSION}`,
    ]);
  }
  // Turborepo runs each workspace's scripts through the `pnpm` it finds on the PATH.
  process.env.PATH = `${path.dirname(local)}${path.delimiter}${process.env.PATH ?? ''}`;
  return local;
}

function runTests(pnpm) {
  for (const file of testResultFiles()) rmSync(file, { force: true });
  step('Building and running every test');
  const result = spawnSync(pnpm, ['exec', 'turbo', 'run', 'test', '--concurrency=1'], {
    cwd: root,
    stdio: 'inherit',
  });
  const summary = summarizeTestResults();
  console.log(`\ntests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  if (result.status !== 0 || summary.failed > 0) process.exit(result.status || 1);
  if (summary.passed === 0) fail('No test ran: check the test-results.json files.', 1);
}

function testResultFiles() {
  const files = ROOT_WORKSPACES.map((dir) => path.join(root, dir, 'test-results.json'));
  for (const dir of WORKSPACE_PARENTS) {
    const base = path.join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      files.push(path.join(base, name, 'test-results.json'));
    }
  }
  return files;
}

function summarizeTestResults() {
  const summary = { passed: 0, failed: 0, skipped: 0 };
  for (const file of testResultFiles()) {
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    summary.passed += report.numPassedTests ?? 0;
    summary.failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
    summary.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return summary;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`Could not run ${command}: ${result.error.message}`, 1);
  if (result.status !== 0) fail(`"${command} ${args.join(' ')}" exited with ${result.status}.`, result.status ?? 1);
}

function step(message) {
  console.log(`\n==> ${message}`);
}

function fail(message, code) {
  console.error(`\nerror: ${message}`);
  process.exit(code);
}

main();
