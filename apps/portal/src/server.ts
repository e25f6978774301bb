import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppContext } from './context.js';
import { startMaintenance } from './maintenance.js';

/** A listening portal. */
export interface RunningPortal {
  app: FastifyInstance;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting connections, waits for requests in flight, stops maintenance. */
  close(): Promise<void>;
}

/** Options of {@link startPortal}. */
export interface StartPortalOptions {
  ctx: AppContext;
  /** Install SIGTERM and SIGINT handlers that close the portal and exit. Default true. */
  handleSignals?: boolean;
}

/**
 * Builds the app and listens on `config.host:config.port`. On SIGTERM or SIGINT it stops
 * accepting connections, finishes requests in flight, closes the database and exits.
 */
export async function startPortal(options: StartPortalOptions): Promise<RunningPortal> {
  const { ctx } = options;
  const app = await buildApp({ ctx });
  await app.listen({ host: ctx.config.host, port: ctx.config.port });

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : ctx.config.port;
  const maintenance = startMaintenance(ctx, app.log);
  app.log.info({ host: ctx.config.host, port }, 'portal started');

  let closing: Promise<void> | null = null;
  let removeSignalHandlers = () => {};
  const close = () => {
    closing ??= (async () => {
      removeSignalHandlers();
      maintenance.stop();
      await app.close();
      app.log.info('portal stopped');
    })();
    return closing;
  };

  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      app.log.info({ signal }, 'shutting down');
      void close()
        .then(() => ctx.database.close())
        .finally(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    // Hooks cannot be added once the server listens, so close() removes the handlers.
    removeSignalHandlers = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
  }
  return { app, port, close };
}
