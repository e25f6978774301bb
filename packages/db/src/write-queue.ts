import type { Kysely } from 'kysely';
import type { BillfoldDatabase } from './connect.js';
import type { Database } from './schema.js';

/** A queue for the small writes of requests; on SQLite, concurrent writes share one commit. */
export interface WriteQueue {
  /**
   * Runs `write` and returns its result once its changes are committed. `write` must run
   * its queries on the handle it receives, never on another one (that query would wait
   * for this transaction until the write times out), and must not wait for anything but
   * those queries.
   */
  run<T>(write: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/** Settings of {@link createWriteQueue}. */
export interface WriteQueueOptions {
  /** Writes committed together at most. Default 256. */
  maxBatch?: number;
  /**
   * Time a batch may take before its unfinished write fails. Default 5000 ms, far above
   * the few milliseconds a batch of 256 small writes takes.
   */
  writeTimeoutMs?: number;
}

interface QueuedWrite {
  write: (db: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The error of a write whose batch was undone because of another write. */
export class WriteBatchError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'WriteBatchError';
  }
}

/**
 * Creates the write queue of a database. On SQLite, every commit writes each changed page
 * to the log with its own system calls, and the writes of one request (a rate-limit
 * counter, a replay-guard entry, a session, an SSO event) each committed on their own.
 * The queue gathers the writes that arrive while the event loop is busy and commits them
 * in one transaction (group commit), so concurrent requests share the commit's cost. The
 * writes run one after another inside it, so each reads what the earlier ones wrote and a
 * replay-guard claim stays exact. One batch runs at a time; writes that arrive meanwhile
 * wait for the next.
 *
 * A write that fails with an ordinary error (a constraint, a busy database) is undone
 * alone and only its caller gets the error, because SQLite undoes only the failed
 * statement. So a write should be a single statement. When SQLite undoes the whole
 * transaction instead (a full disk, an I/O error), the batch stops: the failed write gets
 * its error, the writes before it get a {@link WriteBatchError}, and the writes after it
 * go to the next batch. A write still running when the batch's time is up ends the batch
 * the same way. On PostgreSQL every write runs at once on its own connection.
 */
export function createWriteQueue(
  database: BillfoldDatabase,
  options: WriteQueueOptions = {},
): WriteQueue {
  const { db, sqlite } = database;
  if (database.dialect !== 'sqlite' || sqlite === null) {
    return { run: (write) => write(db) };
  }
  const maxBatch = options.maxBatch ?? 256;
  const writeTimeoutMs = options.writeTimeoutMs ?? 5000;

  let queue: QueuedWrite[] = [];
  let scheduled = false;
  let flushing = false;

  const schedule = () => {
    if (scheduled || flushing || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flushing = true;
      void flush().finally(() => {
        flushing = false;
        schedule();
      });
    });
  };

  const flush = async () => {
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    const outcomes: Outcome[] = [];
    // Set when SQLite undid the whole transaction; Kysely's own rollback error would hide it.
    let lost: { index: number; error: unknown } | null = null;

    const deadline = batchDeadline(writeTimeoutMs);
    try {
      await db.transaction().execute(async (trx) => {
        for (const [index, item] of batch.entries()) {
          try {
            outcomes.push({
              ok: true,
              value: await Promise.race([item.write(trx), deadline.expired]),
            });
          } catch (error) {
            outcomes.push({ ok: false, error });
            // A lost transaction cannot take more writes, and after the deadline the
            // stuck write still waits for the connection, so the batch stops either way.
            if (!sqlite.inTransaction || error === deadline.error) {
              lost = { index, error };
              throw error;
            }
          }
        }
      });
    } catch (error) {
      settleLostBatch(batch, lost ?? { index: -1, error });
      return;
    } finally {
      deadline.cancel();
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) item.reject(new Error('A queued write produced no outcome.'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };

  // Every write before `index` was undone with the transaction, the one at `index` failed,
  // and the ones after it never ran: they go back to the front of the queue. With no
  // index, the commit itself failed and every write of the batch was undone.
  const settleLostBatch = (batch: QueuedWrite[], lost: { index: number; error: unknown }) => {
    const failedAt = lost.index === -1 ? batch.length : lost.index;
    const undone = new WriteBatchError('The write was undone because its batch failed; retry it.', {
      cause: lost.error,
    });
    batch.slice(0, failedAt).forEach((item) => item.reject(undone));
    if (lost.index === -1) return;
    batch[failedAt]?.reject(lost.error);
    queue = [...batch.slice(failedAt + 1), ...queue];
  };

  return {
    run: <T>(write: (db: Kysely<Database>) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      }),
  };
}

// One timer per batch: `expired` rejects once the batch has taken `ms`, so a write still
// waiting then fails instead of holding the database connection.
function batchDeadline(ms: number): { expired: Promise<never>; error: Error; cancel(): void } {
  const error = new Error(
    `A queued write did not finish within ${ms} ms. It probably ran a query on a handle ` +
      'other than the one it received, which waits for the batch forever.',
  );
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error), ms);
  });
  // It can fire while no write races against it (during the commit), so its rejection is
  // marked as handled.
  expired.catch(() => undefined);
  return { expired, error, cancel: () => clearTimeout(timer) };
}
