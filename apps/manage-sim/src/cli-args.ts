import { parseArgs } from 'node:util';
import type { ManageSimOptions } from './index.js';

const NUMBER_FLAGS = ['port', 'companies', 'contacts', 'invoices', 'seed', 'rate-limit'] as const;

/** Parses the command-line flags into simulator options; throws on a bad value. */
export function parseCliArgs(argv: string[]): ManageSimOptions {
  // `pnpm start -- --port 1` passes the `--` through; drop it.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      companies: { type: 'string' },
      contacts: { type: 'string' },
      invoices: { type: 'string' },
      seed: { type: 'string' },
      'billfold-url': { type: 'string' },
      'rate-limit': { type: 'string' },
    },
    strict: true,
  });

  const numbers: Record<string, number | undefined> = {};
  for (const flag of NUMBER_FLAGS) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`--${flag} must be a non-negative integer, got "${raw}".`);
    numbers[flag] = value;
  }

  return {
    host: values.host ?? '127.0.0.1',
    port: numbers.port ?? 4100,
    companies: numbers.companies,
    contacts: numbers.contacts,
    invoices: numbers.invoices,
    seed: numbers.seed,
    billfoldUrl: values['billfold-url'],
    rateLimitPerSecond: numbers['rate-limit'],
  };
}
