// The message protocol between the bench runner and a worker process it forked:
// the worker sends `ready` (with its port) once, replies to `memory` with its memory and CPU time, and
// exits 0 after `stop`. Errors at start are sent as `failed`, so the runner can report
// them instead of waiting for a timeout.
import process from 'node:process';

/** Sends a message to the runner; a no-op when the worker was started without IPC. */
export function send(message) {
  if (process.send !== undefined) process.send(message);
}

/**
 * Handles `memory` and `stop` requests. `stop` runs `close` and then exits, so Node writes
 * a CPU profile when the worker was started with `--cpu-prof`.
 */
export function serveRequests(close) {
  process.on('message', (message) => {
    if (message?.type === 'memory') {
      const usage = process.memoryUsage();
      const cpu = process.cpuUsage();
      send({
        type: 'memory',
        rss: usage.rss,
        heapUsed: usage.heapUsed,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      });
    }
    if (message?.type === 'stop') {
      void Promise.resolve(close()).finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** Reports a start failure to the runner and exits 1. */
export function fail(error) {
  send({ type: 'failed', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
}
