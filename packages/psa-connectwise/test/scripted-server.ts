import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply: status, headers and a JSON (or raw) body. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A real HTTP server that answers each request with the next scripted reply. */
export interface ScriptedServer {
  url: string;
  /** Every request received, in order. */
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** Starts a loopback server replying from `replies` in order; the last reply repeats. */
export async function startScriptedServer(
  replies: ScriptedReply[] | ((request: IncomingMessage) => ScriptedReply),
): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    const reply =
      typeof replies === 'function'
        ? replies(request)
        : (replies[requests.length - 1] ?? replies.at(-1) ?? { status: 500 });
    const body = reply.body instanceof Uint8Array ? reply.body : JSON.stringify(reply.body ?? null);
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
