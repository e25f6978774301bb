#!/usr/bin/env node
// Starts the simulator from the command line:
//   node dist/cli.js --port 4100 --companies 40 --contacts 400 --invoices 6000 --seed 1
import { parseCliArgs } from './cli-args.js';
import {
  PERSONAS,
  PORTAL_ADMIN,
  PORTAL_PASSWORD,
  startManageSim,
  type ManageSimOptions,
} from './index.js';

async function main(): Promise<void> {
  let options: ManageSimOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }

  const sim = await startManageSim(options);
  const people = [...new Set(PERSONAS.map((persona) => persona.email))];
  console.log(`ConnectWise Manage simulator listening on ${sim.url}`);
  console.log(`  REST API:        ${sim.url}/v4_6_release/apis/3.0/`);
  console.log(`  Customer Portal: ${sim.url}/portal/login (password "${PORTAL_PASSWORD}" for:)`);
  for (const email of people) console.log(`    ${email}`);
  console.log(
    `  Portal admin:    ${sim.url}/portal/admin (${PORTAL_ADMIN.email} / ${PORTAL_ADMIN.password})`,
  );

  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
