import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A worker process forked by the bench, with the `worker-channel.mjs` protocol. */
export interface Worker {
  process: ChildProcess;
  /** The port or URL that the worker sent with `ready`. */
  ready: { port?: number; url?: string };
  /** The worker's first message in full: `ready`, or `done` from a run-once worker. */
  firstMessage: Record<string, unknown>;
  /** Asks for the worker's resident set size and heap in bytes, and its CPU time so far. */
  memory(): Promise<{ rss: number; heapUsed: number; cpuSeconds: number }>;
  /** Asks the worker to close and waits for it to exit. */
  stop(): Promise<void>;
}

/** The outcome of starting a worker: running, or unavailable because an export is missing. */
export type WorkerStart = { ok: true; worker: Worker } | { ok: false; reason: string };

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  env: Record<string, string>;
  /** Extra Node flags, such as `--cpu-prof`. */
  execArgv?: string[];
  /** How long to wait for `ready`. */
  timeoutMs?: number;
}

const STDERR_TAIL_BYTES = 4096;

/** Resolves a file in `bench/workers/`; the same from `src/` and from `dist/`. */
export function workerFile(name: string): string {
  return fileURLToPath(new URL(`../workers/${name}`, import.meta.url));
}

/**
 * Forks `bench/workers/<name>` and waits for its `ready` (or, from a worker that runs
 * once, `done`) message. Throws with the
 * worker's own error (or the tail of its stderr) when it fails or exits first.
 */
export async function startWorker(name: string, options: StartWorkerOptions): Promise<WorkerStart> {
  const child = fork(workerFile(name), [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });

  const first = await waitForMessage(child, ['ready', 'unavailable', 'done'], options.timeoutMs);
  if (first.type === 'unavailable') return { ok: false, reason: String(first.reason) };
  if (first.type === 'failed' || first.type === 'exit') {
    throw new Error(`Worker ${name} failed to start: ${String(first.message ?? stderr)}`);
  }
  return { ok: true, worker: wrap(child, first) };
}

/** Waits for one of `types`; a `failed` message or an exit before it also resolves. */
export function waitForMessage(
  child: ChildProcess,
  types: readonly string[],
  timeoutMs = 60_000,
): Promise<Record<string, unknown> & { type: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`No ${types.join('/')} message from the worker in ${timeoutMs} ms.`));
    }, timeoutMs);
    const onMessage = (message: Record<string, unknown> & { type: string }) => {
      if (!types.includes(message.type) && message.type !== 'failed') return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      resolve({ type: 'exit', message: `exited with code ${code}` });
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function wrap(child: ChildProcess, ready: Record<string, unknown>): Worker {
  return {
    process: child,
    firstMessage: ready,
    ready: {
      ...(typeof ready.port === 'number' ? { port: ready.port } : {}),
      ...(typeof ready.url === 'string' ? { url: ready.url } : {}),
    },
    async memory() {
      const reply = waitForMessage(child, ['memory'], 10_000);
      child.send({ type: 'memory' });
      const message = await reply;
      return {
        rss: Number(message.rss),
        heapUsed: Number(message.heapUsed),
        cpuSeconds: Number(message.cpuSeconds),
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
