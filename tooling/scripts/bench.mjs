// `pnpm bench`: runs the benchmarks in bench/ after `turbo run build`.
// `pnpm bench -- --quick` runs the small version. See docs/benchmarks.md.
import { main } from '../../bench/dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
