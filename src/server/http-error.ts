import type { ServerResponse } from 'node:http';

/**
 * A request the server refuses, with the status to answer and a detail for the JSON
 * body. Endpoints throw it from parameter parsing; the router turns it into a 4xx JSON
 * response, so no bad parameter can ever reach a timer or crash the process.
 *
 * @example
 * throw new HttpError(400, 'delay must be 0 to 10 seconds, got "11"');
 */
export class HttpError extends Error {
  override name = 'HttpError' as const;
  constructor(
    readonly status: number,
    detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Sends `value` as a JSON response with an exact Content-Length (HEAD gets the headers
 * only: Node drops the body itself).
 *
 * @example
 * sendJson(res, 200, { url: 'http://127.0.0.1:8080/get' });
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = JSON.stringify(value, null, 2) + '\n';
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Answers with go-httpbin's error shape: `{ status_code, error, detail }`.
 *
 * @example
 * sendError(res, new HttpError(404, 'no such path: /nope'));
 * // 404 {"status_code":404,"error":"Not Found","detail":"no such path: /nope"}
 */
export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(
    res,
    err.status,
    { status_code: err.status, error: REASONS[err.status] ?? 'Error', detail: err.message },
    err.headers,
  );
}
