// Bundles src/ into dist/ before any test runs, so browser tests never load a stale bundle.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs build.mjs once for the whole test run. */
export default function setup(): void {
  const packageDir = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(process.execPath, ['build.mjs'], { cwd: packageDir, stdio: 'inherit' });
}
