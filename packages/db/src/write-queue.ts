import type { Kysely } from 'kysely';
import type { BillfoldDatabase } from './connect.js';
import type { Database } from './schema.js';

/** A queue for the small writes of requests; on SQLite, concurrent writes share one commit. */
export interface WriteQueue {
  /**
   * Runs `write` and returns its result once its changes are committed. `write` must run
   * its queries on the handle it receives, never on another one (which would wait for
   * this transaction forever), and must not wait for anything but those queries.
   */
  run<T>(write: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

interface QueuedWrite {
  write: (db: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Creates the write queue of a database. On SQLite, every commit writes each changed page
 * to the log with its own system calls, and the writes of one request (a rate-limit
 * counter, a replay-guard entry, a session, an SSO event) each committed on their own.
 * The queue gathers the writes that arrive while the event loop is busy and commits them
 * in one transaction (group commit), so concurrent requests share the commit's cost. The
 * writes run one after another inside it, so each reads what the earlier ones wrote and a
 * replay-guard claim stays exact.
 *
 * A failed write does not affect the others, and only its caller gets the error, because
 * SQLite undoes only the failed statement. So a write should be a single statement: the
 * earlier statements of a failed multi-statement write stay. When the commit itself
 * fails, every write of the batch gets the error. On PostgreSQL every write runs at once
 * on its own connection.
 */
export function createWriteQueue(database: BillfoldDatabase): WriteQueue {
  const { db } = database;
  if (database.dialect !== 'sqlite') {
    return { run: (write) => write(db) };
  }

  let queue: QueuedWrite[] = [];
  let scheduled = false;

  const flush = async () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: await item.write(trx) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };

  return {
    run: <T>(write: (db: Kysely<Database>) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      }),
  };
}
