// `node bench/undici-floor.js <url> <count>`: the floor under fetch-all's throughput row.
// A fresh process sends <count> GETs over one undici Agent of 100 connections, 100 in
// flight, each dispatched with a handler that does nothing (no engine, no spans, no rows,
// no timeouts), after one untimed request as fetch-all makes; prints its req/s as JSON.
// What fetch-all's concurrent variant could reach with undici at best, beside autocannon.
import { Agent } from 'undici';

const [url, countArg] = process.argv.slice(2);
const count = Number(countArg);
const { origin, pathname, search } = new URL(url);
const options = { origin, path: `${pathname}${search}`, method: 'GET' };
const agent = new Agent({ connections: 100, headersTimeout: 0, bodyTimeout: 0 });
const get = () =>
  new Promise((resolve, reject) =>
    agent.dispatch(options, { onConnect() {}, onHeaders: () => true, onData: () => true, onComplete: resolve, onError: reject }),
  );
await get();
const start = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(100, count) }, async () => {
    while (next++ < count) await get();
  }),
);
const ms = performance.now() - start;
await agent.close();
console.log(JSON.stringify({ reqPerSec: (count * 1000) / ms }));
