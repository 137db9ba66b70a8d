import type { Endpoint } from './endpoints.js';
import { echo } from './echo.js';
import { sendJson } from './http-error.js';
import { parseSeconds } from './params.js';

/**
 * `/fault/:name`: misbehaviours on request, for tests and for teaching what a client
 * sees when a server fails (reliability_anchors.md §2). Each names the error code
 * undici's `request` reports for it.
 */
export const faults: Readonly<Record<string, { help: string; arity: number; handle: Endpoint }>> = {
  reset: {
    help: 'a TCP RST before any header (ECONNRESET)',
    arity: 0,
    handle: (x) => void x.req.socket.resetAndDestroy(),
  },
  drop: {
    help: 'closes the socket before any header (UND_ERR_SOCKET)',
    arity: 0,
    handle: (x) => void x.req.socket.destroy(),
  },
  'close-mid-body': {
    help: 'promises 1024 bytes, sends 256, then closes (UND_ERR_SOCKET)',
    arity: 0,
    handle: (x) => {
      x.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1024 });
      // Close only once the first part is flushed, so the client sees headers and a partial body.
      x.res.write(Buffer.alloc(256, '*'), () => x.req.socket.destroy());
    },
  },
  'stall-body': {
    help: 'sends headers and 256 of 1024 bytes, then nothing (UND_ERR_BODY_TIMEOUT)',
    arity: 0,
    handle: (x) => {
      x.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1024 });
      x.res.write(Buffer.alloc(256, '*'));
    },
  },
  hang: {
    help: 'never answers until the client leaves (UND_ERR_HEADERS_TIMEOUT)',
    arity: 0,
    handle: () => {},
  },
  'slow-headers': {
    help: '/fault/slow-headers/:s answers after s seconds (UND_ERR_HEADERS_TIMEOUT with a shorter --timeout)',
    arity: 1,
    handle: (x) => {
      const ms = parseSeconds(x.params[0]!, 'slow-headers');
      x.timers.after(x.res, ms, () => sendJson(x.res, 200, echo(x.req, x.query)));
    },
  },
  'redirect-loop': {
    help: 'redirects to itself forever, a new URL each hop (too many redirects)',
    arity: 0,
    handle: (x) => {
      // A fresh query per hop, so clients count hops rather than spotting a repeated URL.
      const hop = Number(x.query.get('hop') ?? 0) + 1;
      x.res.writeHead(302, { location: `/fault/redirect-loop?hop=${Number.isSafeInteger(hop) ? hop : 1}`, 'content-length': 0 });
      x.res.end();
    },
  },
  'connection-close': {
    help: 'a normal answer with `Connection: close` (stale keep-alive sockets)',
    arity: 0,
    handle: (x) => {
      x.res.shouldKeepAlive = false;
      sendJson(x.res, 200, echo(x.req, x.query));
    },
  },
};
