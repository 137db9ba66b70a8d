/**
 * The seed's "async in the real world": three GETs of httpbin's /delay/1, one after
 * another and then all at once, with undici (Node's HTTP client; aiohttp's role).
 *
 *   npm run build && npx tsx examples/fetch-all.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { gather } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// A stand-in for httpbin.org, so the example runs offline: /delay/<s> answers after s seconds.
const httpbin = createServer((req, res) => {
  const seconds = Number(/^\/delay\/([0-9.]+)$/.exec(req.url ?? '')?.[1] ?? 0);
  setTimeout(() => res.end(JSON.stringify({ url: req.url })), seconds * 1000 * scale);
});
await new Promise<void>((resolve) => httpbin.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(httpbin.address() as AddressInfo).port}`;

// Sequential approach (slow): each request waits for the previous one, as requests.get
// in a loop does.
async function fetchSequential(urls: string[], agent: Agent): Promise<number[]> {
  const results: number[] = [];
  for (const url of urls) {
    const response = await request(url, { dispatcher: agent });
    await response.body.dump(); // read or dump every body, or its connection stays taken
    results.push(response.statusCode);
  }
  return results;
}

// Async approach (fast)
async function fetchUrl(agent: Agent, url: string): Promise<{ url: string; status: number }> {
  const response = await request(url, { dispatcher: agent });
  await response.body.dump();
  return { url, status: response.statusCode };
}

// The Agent is aiohttp's ClientSession: a pool of connections, shared by the requests and
// closed at the end (JavaScript's `finally` where Python has `async with`).
async function fetchAll(urls: string[]): Promise<{ url: string; status: number }[]> {
  const agent = new Agent();
  try {
    const tasks = urls.map((url) => fetchUrl(agent, url));
    return await gather(tasks);
  } finally {
    await agent.close();
  }
}

async function main(): Promise<void> {
  const urls = [`${base}/delay/1`, `${base}/delay/1`, `${base}/delay/1`];

  const agent = new Agent();
  let start = performance.now();
  const statuses = await fetchSequential(urls, agent);
  await agent.close();
  console.log(`One after another: ${statuses.join(', ')} in ${((performance.now() - start) / 1000).toFixed(2)}s`); // ~3s

  start = performance.now();
  const results = await fetchAll(urls);
  const elapsed = (performance.now() - start) / 1000;
  for (const r of results) {
    console.log(`${r.url}: ${r.status}`);
  }
  console.log(`Total time: ${elapsed.toFixed(2)}s`); // ~1s instead of ~3s
}

try {
  await main();
} finally {
  httpbin.close();
}
