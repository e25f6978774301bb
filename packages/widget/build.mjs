// Bundles the widget for browsers: one minified ES module with Lit inside, named by a hash of
// its content, a tiny `widget.js` loader that imports it, and `manifest.json` with its sizes.
// Fails when the bundle exceeds the gzip budget.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

const GZIP_BUDGET_BYTES = 20 * 1024;
const packageDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = join(packageDir, 'dist');

const result = await build({
  entryPoints: [join(packageDir, 'src/index.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  write: false,
  tsconfig: join(packageDir, 'tsconfig.build.json'),
  logLevel: 'warning',
});

const code = result.outputFiles[0].contents;
const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
const entry = `widget-${hash}.js`;
const gzipBytes = gzipSync(code, { level: 9 }).length;

mkdirSync(distDir, { recursive: true });
for (const name of readdirSync(distDir)) {
  if (/^widget-[0-9a-f]+\.js$/.test(name)) rmSync(join(distDir, name));
}

writeFileSync(join(distDir, entry), code);
// A relative specifier resolves against the loader's own URL, so the loader works from any
// portal origin and path.
writeFileSync(join(distDir, 'widget.js'), `import './${entry}';\n`);
writeFileSync(
  join(distDir, 'manifest.json'),
  `${JSON.stringify({ entry, bytes: code.length, gzipBytes }, null, 2)}\n`,
);

const kilobytes = (bytes) => (bytes / 1024).toFixed(1);
console.log(
  `widget: dist/${entry} ${kilobytes(code.length)} KB, ${kilobytes(gzipBytes)} KB gzip ` +
    `(budget ${kilobytes(GZIP_BUDGET_BYTES)} KB)`,
);

if (gzipBytes > GZIP_BUDGET_BYTES) {
  console.error(
    `widget: the bundle is ${gzipBytes} bytes gzip, over the ${GZIP_BUDGET_BYTES}-byte budget. ` +
      'Remove weight from src/ (or a dependency) before raising the budget.',
  );
  process.exit(1);
}
