#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runDemo } from './demo.js';
import { runDoctor } from './doctor.js';
import { runSync } from './sync.js';
import { runCreateAdmin, runMigrate, runServe } from './serve.js';
import { UsageError, type CliOptions } from './options.js';

const USAGE = `Usage: billfold <command> [options]

Commands:
  demo                         seed the demo tenant, start the simulator, sync and serve
  serve                        start the portal (reads DATABASE_URL, PORT, HOST)
  migrate                      apply pending database migrations
  sync [--tenant SLUG]         sync companies, contacts and invoices from Manage
  doctor --tenant SLUG --email EMAIL [--company PSA_ID] [--role NAME ...]
                               print whether the contact can sign in, and every reason
  create-admin --tenant SLUG --email EMAIL [--password P] [--role master|admin]
                               create an internal user (prints a generated password)

Environment: DATABASE_URL, PORT, HOST, MANAGE_URL, MANAGE_COMPANY_ID, MANAGE_PUBLIC_KEY,
MANAGE_PRIVATE_KEY, MANAGE_CLIENT_ID, BILLFOLD_ADMIN_PASSWORD.`;

const OPTIONS: ParseArgsConfig['options'] = {
  tenant: { type: 'string' },
  email: { type: 'string' },
  company: { type: 'string' },
  role: { type: 'string', multiple: true },
  password: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

async function main(argv: string[]): Promise<number> {
  // pnpm passes a literal `--` through when a user writes `pnpm billfold -- doctor …`.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }

  let options: CliOptions;
  try {
    options = parseArgs({ args: rest, options: OPTIONS, strict: true }).values as CliOptions;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  switch (command) {
    case 'demo':
      return runDemo();
    case 'serve':
      return runServe();
    case 'migrate':
      return runMigrate();
    case 'sync':
      return runSync(options);
    case 'doctor':
      return runDoctor(options);
    case 'create-admin':
      return runCreateAdmin(options);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
