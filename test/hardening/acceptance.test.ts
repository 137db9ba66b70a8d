// The hardening issue's acceptance lines, on the compiled bin (`npm test` builds it
// first): Ctrl-C and SIGTERM, usage errors, and `serve` shutting down.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { testClient } from '../helpers/http.js';
import { delay } from '../helpers/spawn-bin.js';
import { CRASH_MARKERS, pendingWork, spawnProbed, type ProbedExit } from './probe.js';
import { sink } from '../helpers/sink.js';

/**
 * The time from a signal to the process's exit is about 25 ms on an idle 2-core
 * machine (gather --delay 10s, measured); the issue asks for 200 ms. The bound here is
 * looser so that a busy CI machine does not flake; it still fails if the run went on
 * to its 10-second end, or waited for a timer.
 */
const EXIT_BOUND_MS = 1000;

/** Spawns `args`, waits for the SIGINT listener and `afterMs`, sends `signal`, and times the exit. */
async function interrupt(args: string[], signal: 'SIGINT' | 'SIGTERM', afterMs = 1500): Promise<ProbedExit & { exitMs: number }> {
  const { child, exit, ready } = spawnProbed(args);
  await ready;
  await delay(afterMs);
  const sentAt = performance.now();
  child.kill(signal);
  const r = await exit;
  return { ...r, exitMs: performance.now() - sentAt };
}

describe.concurrent('Ctrl-C and SIGTERM (spawned)', () => {
  it('`gather --delay 10s` interrupted after 1.5 s: "Cancelling…", the partial report, exit 130 at once, on its own', async () => {
    const r = await interrupt(['gather', '--delay', '10s'], 'SIGINT');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.exitMs).toBeLessThan(EXIT_BOUND_MS);
    expect(r.stderr).toBe('Cancelling… (press Ctrl-C again to force)\n');
    expect(r.stdout).toMatch(/^gather — /);
    expect(r.stdout).toContain('Interrupted: partial results');
    // The first Ctrl-C lets the run unwind: no process.exit, and nothing left running.
    expect(r.probe?.exitCalled).toBeNull();
    expect(pendingWork(r.probe!.active)).toEqual([]);
  });

  it('with --json: one report, "interrupted": true, Alice cancelled mid-wait and the later greetings never started', async () => {
    const r = await interrupt(['gather', '--delay', '10s', '--json'], 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.exitMs).toBeLessThan(EXIT_BOUND_MS);
    const doc = JSON.parse(r.stdout) as { schema: string; demo: string; interrupted: boolean; variants: { name: string; spans: { task: string; outcome: string }[] }[] };
    expect(doc).toMatchObject({ schema: 'asyncdemo.report/1', demo: 'gather', interrupted: true });
    expect(doc.variants.map((v) => v.name)).toEqual(['sequential']);
    expect(doc.variants[0]!.spans).toMatchObject([{ task: 'Alice', outcome: 'cancelled' }]);
    expect(r.probe?.exitCalled).toBeNull();
  });

  it('SIGTERM does the same with 143', async () => {
    const r = await interrupt(['gather', '--delay', '10s', '--json'], 'SIGTERM', 500);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect(r.exitMs).toBeLessThan(EXIT_BOUND_MS);
    expect((JSON.parse(r.stdout) as { interrupted: boolean }).interrupted).toBe(true);
    expect(r.probe?.exitCalled).toBeNull();
  });
});

describe.concurrent('serve (spawned)', () => {
  /** Starts `serve` and resolves with its URL once it listens. */
  async function startServe() {
    const spawned = spawnProbed(['serve']);
    await spawned.ready;
    let url: string | undefined;
    for (let i = 0; i < 300 && url === undefined; i++) {
      await delay(10);
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(spawned.stdoutSoFar())?.[1];
    }
    expect(url).toBeDefined();
    return { ...spawned, url: url! };
  }

  it('shuts down cleanly on Ctrl-C: closes the server, says so, exit 130 on its own with nothing left open', async () => {
    const { child, exit, url } = await startServe();
    const http = testClient(url);
    expect((await http.get('/get')).status).toBe(200);
    await http.close();
    const sentAt = performance.now();
    child.kill('SIGINT');
    const r = await exit;
    expect(performance.now() - sentAt).toBeLessThan(EXIT_BOUND_MS);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('Cancelling… (press Ctrl-C again to force)\n');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('asyncdemo test server closed');
    expect(r.probe?.exitCalled).toBeNull();
    expect(pendingWork(r.probe!.active)).toEqual([]);
  });

  it('SIGTERM stops it the same way, with 143', async () => {
    const { child, exit } = await startServe();
    child.kill('SIGTERM');
    const r = await exit;
    expect(r.code).toBe(143);
    expect(r.stdout).toContain('asyncdemo test server closed');
    expect(r.probe?.exitCalled).toBeNull();
  });

  it('a request in flight gets the grace period; a second Ctrl-C during it exits 130 at once', async () => {
    const { child, exit, url } = await startServe();
    // A raw socket, so that the request has surely been sent before the first Ctrl-C. Its
    // 10 s delay outlasts the 500 ms grace period: the first Ctrl-C alone would wait for it.
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise<void>((resolve) => socket.write('GET /delay/10 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', () => resolve()));
    await delay(100);
    child.kill('SIGINT');
    await delay(100);
    const secondAt = performance.now();
    child.kill('SIGINT');
    const r = await exit;
    expect(performance.now() - secondAt).toBeLessThan(EXIT_BOUND_MS);
    expect(r.code).toBe(130);
    // The forced path: process.exit(130), without waiting for the server to close.
    expect(r.probe?.exitCalled).toBe(130);
    expect(r.stdout).not.toContain('asyncdemo test server closed');
    expect(r.stderr).toBe('Cancelling… (press Ctrl-C again to force)\n');
    await closed;
  });
});

// The acceptance's usage errors, on the real bin: exit 2, one short message, nothing on stdout.
const ACCEPTANCE_USAGE: [string[], RegExp][] = [
  [['gather', '--count', '0'], /^asyncdemo: error: option '--count <n>' argument '0' is invalid\. Must be an integer from 1 to 1000000\.$/],
  [['gather', '--delay', '-1s'], /^asyncdemo: error: option '--delay <duration>' argument '-1s' is invalid\. Must be a duration like 250ms/],
  [['gather', '--scale', '0'], /^asyncdemo: error: option '--scale <f>' argument '0' is invalid\. Must be a number greater than 0/],
  [['gather', '--runs', '0'], /^asyncdemo: error: option '--runs <n>' argument '0' is invalid\. Must be an integer from 1 to 1000\.$/],
  [['taskgroup', '--fail', 'Z'], /^asyncdemo: error: option '--fail <item>' argument 'Z' is invalid\. Allowed: A, B, C\.$/],
  [['fetch-all', '--concurrency', '0'], /^asyncdemo: error: option '--concurrency <n>' argument '0' is invalid\. Must be an integer from 1 to 10000\.$/],
  [['serve', '--port', '70000'], /^asyncdemo: error: option '--port <n>' argument '70000' is invalid\. Must be a port from 1 to 65535/],
];

describe.concurrent('usage errors of the acceptance list (spawned)', () => {
  it.each(ACCEPTANCE_USAGE)('asyncdemo %j: exit 2, one message and the hint on stderr, nothing on stdout', async (args, message) => {
    const r = await spawnProbed(args).exit;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(`Try 'asyncdemo ${args[0]} --help'.`);
    expect(r.stderr).not.toMatch(CRASH_MARKERS);
    expect(r.probe?.exitCalled).toBeNull();
  });
});

// More bad invocations on the real registry (the table in program.test.ts uses a test
// demo): each one is refused before any work, so they run in-process, instantly.
const REGISTRY_USAGE: [string[], RegExp][] = [
  [['gather', '--count', '10ms'], /'--count <n>' argument '10ms' is invalid/],
  [['gather', '--count', '0x10'], /'--count <n>' argument '0x10' is invalid/],
  [['gather', '--count', '1e3x'], /'--count <n>' argument '1e3x' is invalid/],
  [['gather', '--delay', 'NaN'], /'--delay <duration>' argument 'NaN' is invalid/],
  [['gather', '--delay', '3000000s'], /'--delay <duration>' argument '3000000s' is invalid.*2147483647ms/],
  [['gather', '--fail', 'Zed'], /'--fail <name>' argument 'Zed' is invalid\. Allowed: Alice, Bob, Charlie\./],
  [['gather', '--variants', 'taskgroup'], /'--variants <a,b>' argument 'taskgroup' is invalid.*Allowed: sequential, gather/],
  [['gather', '--varients', 'gather'], /unknown option '--varients'\n\(Did you mean --variants\?\)/],
  [['gathr'], /unknown command 'gathr'\n\(Did you mean gather\?\)/],
  [['database', '--fail', 'Zed'], /'--fail \[client\]' argument 'Zed' is invalid/],
  [['countdown', '--stop-at', '99'], /'--stop-at <n>' argument '99' is invalid/],
  [['retry', '--failure-rate', '2'], /'--failure-rate <p>' argument '2' is invalid/],
  [['limit', '--concurrency', '0'], /'--concurrency <list>' argument '0' is invalid/],
  [['fetch-all', '--timeout', '0'], /'--timeout <duration>' argument '0' is invalid/],
  [['fetch-all', '--url', 'ftp://example.com/'], /'--url <url>' argument 'ftp:\/\/example\.com\/' is invalid\. Only http and https/],
  [['fetch-all', '--url', 'http://user:pw@127.0.0.1/'], /'--url <url>' argument 'http:\/\/user:pw@127\.0\.0\.1\/' is invalid\. Embedded credentials/],
  [['fetch-all', '--url', 'not a url'], /'--url <url>' argument 'not a url' is invalid/],
  [['serve', '--port', '0'], /'--port <n>' argument '0' is invalid/],
  [['serve', '--port', '80.5'], /'--port <n>' argument '80\.5' is invalid/],
  [['all', '--fail', 'Bob'], /unknown option '--fail'/],
];

describe('usage errors on the real registry (in-process)', () => {
  it.each(REGISTRY_USAGE)('asyncdemo %j: exit 2 before any work, the message and a hint, nothing on stdout', async (args, message) => {
    const stdout = sink();
    const stderr = sink();
    const controller = new AbortController();
    const code = await run(args, { stdout, stderr, env: {}, signal: controller.signal });
    expect(code).toBe(2);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(/^asyncdemo: error: /);
    expect(stderr.text).toMatch(message);
    expect(stderr.text.trimEnd().split('\n').at(-1)).toMatch(/^Try 'asyncdemo [a-z-]*\s?--help'\.$/);
    expect(stderr.text).not.toMatch(CRASH_MARKERS);
  });
});
