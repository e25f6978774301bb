// `turbo dev` for the portal: compiles once, then keeps TypeScript in watch mode and runs
// the demo under `node --watch`, which restarts it whenever a compiled file it imports
// changes (its own dist/ or a workspace package's dist/).
import { spawn, spawnSync } from 'node:child_process';

const tsc = ['exec', 'tsc', '-p', 'tsconfig.build.json'];
const first = spawnSync('pnpm', tsc, { stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  spawn('pnpm', [...tsc, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', new URL('../dist/cli/main.js', import.meta.url).pathname, 'demo'], {
    stdio: 'inherit',
    cwd: new URL('../../..', import.meta.url).pathname,
  }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => code && code !== 0 && stop());
