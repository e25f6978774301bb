import http from 'node:http';

/** A JSON response: status and parsed body (null when the body is empty). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * Sends one request to 127.0.0.1:`port` with an explicit `Host` header, which picks the
 * tenant, and parses the JSON response. Node's `fetch` may not set `Host`, so this uses
 * `node:http`.
 */
export function requestJson(
  port: number,
  host: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { host };
  if (payload !== undefined) headers['content-type'] = 'application/json';

  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}
