import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenant, migrateToLatest, openDatabase } from '@billfold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManageSim, type ManageSim } from '@billfold/manage-sim';

// Kills a syncing child process with SIGKILL at random points, restarts it until a run
// completes, then compares every synced table with a sync that was never interrupted.

const childScript = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), 'billfold-crash-'));
const TABLES = ['profiles', 'companies', 'contacts', 'invoices', 'sync_cursors'] as const;
// Times the sync itself writes; they differ between any two runs.
const SYNC_TIMES = new Set(['synced_at', 'updated_at', 'created_at']);

let manage: ManageSim;
beforeAll(async () => {
  manage = await startManageSim({
    host: '127.0.0.1',
    port: 0,
    seed: 11,
    companies: 40,
    contacts: 400,
    invoices: 3000,
  });
});
afterAll(async () => {
  await manage.close();
  rmSync(folder, { recursive: true, force: true });
});

async function freshDatabase(name: string): Promise<string> {
  const file = path.join(folder, `${name}.db`);
  const database = openDatabase({ url: file });
  await migrateToLatest(database.db);
  await createTenant(database.db, {
    slug: 'crash',
    name: 'Crash',
    portalOrigin: 'http://localhost:4000',
    now: 1,
  });
  await database.close();
  return file;
}

/** Runs the child; kills it after `killAfterPages` committed pages (plus a short delay). */
function runChild(
  file: string,
  killAfterPages: number | null,
  delayMs: number,
): Promise<'done' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', childScript, file, manage.url],
      {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let pages = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pages += chunk.split('\n').filter((line) => line === 'page').length;
      if (killAfterPages !== null && pages >= killAfterPages && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`sync child exited with code ${code}`));
    });
  });
}

function snapshot(file: string): Record<string, unknown[]> {
  const database = openDatabase({ url: file });
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = database.sqlite!.prepare(`select * from ${table} order by 1, 2`).all() as Record<
      string,
      unknown
    >[];
    result[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => !SYNC_TIMES.has(key))),
    );
  }
  void database.close();
  return result;
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('crash recovery', () => {
  it('matches an uninterrupted sync after SIGKILLs', { timeout: 120_000 }, async () => {
    const clean = await freshDatabase('clean');
    expect(await runChild(clean, null, 0)).toBe('done');
    const expected = snapshot(clean);
    expect(expected.invoices!.length).toBeGreaterThanOrEqual(3000);

    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      const file = await freshDatabase(`seed-${seed}`);
      let kills = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        // The total is about 40 pages; later attempts resume, so fewer pages remain.
        const outcome = await runChild(
          file,
          attempt < 4 ? 1 + Math.floor(random() * 12) : null,
          Math.floor(random() * 15),
        );
        if (outcome === 'done') break;
        kills++;
      }
      expect(kills).toBeGreaterThan(0);
      expect(snapshot(file)).toEqual(expected);
    }
  });
});
