import autocannon from 'autocannon';

/** One HTTP request shape to send under load; `next` varies it per request. */
export interface LoadTarget {
  /** Port on 127.0.0.1. */
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Returns what changes in the next request, e.g. a fresh launch token in the body. */
  next?: () => { path?: string; headers?: Record<string, string>; body?: string };
}

/** Measurements of one round of load. */
export interface RoundResult {
  /** 2xx responses per second; other statuses do not count. */
  requestsPerSec: number;
  /** Milliseconds, over 2xx responses. */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Responses per status code outside 2xx, e.g. `{ "401": 12 }`. */
  non2xxByStatus: Record<string, number>;
  errors: number;
}

/**
 * Runs autocannon against `target` for `seconds` with `connections` keep-alive
 * connections and no pipelining. It runs in the calling process, which must not be the
 * server's process.
 */
export async function runLoad(
  target: LoadTarget,
  seconds: number,
  connections: number,
): Promise<RoundResult> {
  const { next } = target;
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: [
      {
        method: target.method,
        path: target.path,
        headers: target.headers,
        ...(next === undefined
          ? {}
          : {
              setupRequest: (request) => {
                const varied = next();
                return {
                  ...request,
                  headers: { ...target.headers, ...varied.headers },
                  ...(varied.path === undefined ? {} : { path: varied.path }),
                  ...(varied.body === undefined ? {} : { body: varied.body }),
                };
              },
            }),
      },
    ],
  });

  return {
    requestsPerSec: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    non2xxByStatus: countNon2xx(result.statusCodeStats),
    errors: result.errors + result.timeouts,
  };
}

function countNon2xx(stats: Record<string, { count: number }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [status, stat] of Object.entries(stats)) {
    if (!status.startsWith('2')) counts[status] = stat.count;
  }
  return counts;
}
