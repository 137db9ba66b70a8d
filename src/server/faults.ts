import type { Endpoint } from './endpoints.js';
import { echo } from './echo.js';
import { sendJson } from './http-error.js';
import { parseSeconds } from './params.js';
import type { FaultName } from './routes.js';

/**
 * The handlers of `/fault/:name`: misbehaviours on request, for tests and for teaching
 * what a client sees when a server fails. Keyed by the names in `FAULT_ROUTES`
 * (routes.ts), where each one's path and help are.
 */
export const faults: Readonly<Record<FaultName, Endpoint>> = {
  reset: (x) => void x.req.socket.resetAndDestroy(),
  drop: (x) => void x.req.socket.destroy(),
  'close-mid-body': (x) => {
    x.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1024 });
    // Close only once the first part is flushed, so the client sees headers and a partial body.
    x.res.write(Buffer.alloc(256, '*'), () => x.req.socket.destroy());
  },
  'stall-body': (x) => {
    x.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1024 });
    x.res.write(Buffer.alloc(256, '*'));
  },
  hang: () => {},
  'slow-headers': (x) => {
    const ms = parseSeconds(x.params[0]!, 'slow-headers');
    x.timers.after(x.res, ms, () => sendJson(x.res, 200, echo(x.req, x.query)));
  },
  'redirect-loop': (x) => {
    // A fresh query per hop, so clients count hops rather than spotting a repeated URL.
    const hop = Number(x.query.get('hop') ?? 0) + 1;
    x.res.writeHead(302, { location: `/fault/redirect-loop?hop=${Number.isSafeInteger(hop) ? hop : 1}`, 'content-length': 0 });
    x.res.end();
  },
  'connection-close': (x) => {
    x.res.shouldKeepAlive = false;
    sendJson(x.res, 200, echo(x.req, x.query));
  },
};
