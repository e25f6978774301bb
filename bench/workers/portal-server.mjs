// Runs the real portal, as `billfold serve` would, on the address in HOST and PORT with
// the database in DATABASE_URL. The bench runner forks this file so the load generator
// never shares the portal's event loop.
import { createAppContext, loadConfig, startPortal } from '@billfold/portal';
import { fail, send, serveRequests } from './worker-channel.mjs';

try {
  const ctx = await createAppContext(loadConfig());
  const portal = await startPortal({ ctx, handleSignals: false });
  serveRequests(async () => {
    await portal.close();
    await ctx.database.close();
  });
  send({ type: 'ready', port: portal.port });
} catch (error) {
  fail(error);
}
