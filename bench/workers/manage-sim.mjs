// Runs the ConnectWise Manage simulator with the data set in BENCH_SIM (JSON: companies,
// contacts, invoices, seed), on 127.0.0.1 and a free port, in a process of its own.
import process from 'node:process';
import { fail, send, serveRequests } from './worker-channel.mjs';

try {
  const simulator = await import('@billfold/manage-sim');
  if (typeof simulator.startManageSim !== 'function') {
    send({ type: 'unavailable', reason: '@billfold/manage-sim does not export startManageSim' });
    process.exit(0);
  }

  const size = JSON.parse(process.env.BENCH_SIM ?? '{}');
  // Without the demo personas the data set has exactly the requested size.
  const sim = await simulator.startManageSim({
    host: '127.0.0.1',
    port: 0,
    personas: false,
    ...size,
  });
  serveRequests(() => sim.close());
  send({ type: 'ready', url: sim.url });
} catch (error) {
  fail(error);
}
