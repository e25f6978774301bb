import type { BenchIssuer } from '../launch-tokens.js';
import { configureTenant, type SeededDatabase } from '../seed.js';
import { startWorker, type Worker } from '../workers.js';

// Launch rate limits per minute, far above what 10 connections can reach, so the bench
// measures the launch path rather than the limiter's 429 response.
const UNLIMITED_PER_MINUTE = '1000000000';

/** A portal process under test and the `Host` header that selects the bench tenant. */
export interface PortalUnderTest {
  worker: Worker;
  port: number;
  /** `localhost:PORT`; the tenant's origin is `http://` plus this. */
  host: string;
  origin: string;
}

/**
 * Forks the real portal on 127.0.0.1 with the bench database, then points the bench
 * tenant at `http://localhost:PORT` and registers the run's issuer. Logging is at `warn`,
 * so per-request info lines are not written to a pipe the bench discards.
 */
export async function startPortalUnderTest(
  seeded: SeededDatabase,
  issuer: BenchIssuer,
  execArgv: string[] = [],
): Promise<PortalUnderTest> {
  const started = await startWorker('portal-server.mjs', {
    env: {
      DATABASE_URL: seeded.file,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      BILLFOLD_RATE_LIMIT_IP: UNLIMITED_PER_MINUTE,
      BILLFOLD_RATE_LIMIT_TENANT: UNLIMITED_PER_MINUTE,
    },
    execArgv,
  });
  if (!started.ok) throw new Error(`The portal could not start: ${started.reason}`);

  const port = started.worker.ready.port as number;
  const host = `localhost:${port}`;
  const origin = `http://${host}`;
  configureTenant(seeded.file, seeded.tenantId, origin, issuer);
  return { worker: started.worker, port, host, origin };
}

/** Forks the floor server (bare Fastify with jose and better-sqlite3). */
export async function startFloor(
  seeded: SeededDatabase,
  issuer: BenchIssuer,
  audience: string,
): Promise<{ worker: Worker; port: number }> {
  const started = await startWorker('floor-server.mjs', {
    env: {
      BENCH_FLOOR: JSON.stringify({
        databaseFile: seeded.file,
        tenantId: seeded.tenantId,
        publicJwk: issuer.publicJwk,
        issuer: issuer.issuer,
        audience,
      }),
    },
  });
  if (!started.ok) throw new Error(`The floor server could not start: ${started.reason}`);
  return { worker: started.worker, port: started.worker.ready.port as number };
}
