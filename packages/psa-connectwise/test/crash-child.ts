// Runs one sync in a child process for the crash test: `crash-child.ts DB_FILE MANAGE_URL`.
// Prints `page` after every committed transaction so the parent can kill it mid-run.
import { openDatabase } from '@billfold/db';
import { syncTenant } from '../src/index.js';

const [databaseFile, manageUrl] = process.argv.slice(2);
const database = openDatabase({ url: databaseFile! });
const summary = await syncTenant({
  db: database.db,
  tenantId: 1,
  connection: {
    url: manageUrl!,
    companyId: 'billfold_demo',
    publicKey: 'demo-public-key',
    privateKey: 'demo-private-key',
    clientId: '00000000-0000-4000-8000-00000000b111',
  },
  pageSize: 100,
  // Two pages per transaction, so a kill can also land between the pages of one batch.
  recordsPerTransaction: 200,
  onProgress: () => process.stdout.write('page\n'),
});
await database.close();
process.stdout.write(`${summary.status}\n`);
process.exit(summary.status === 'succeeded' ? 0 : 1);
