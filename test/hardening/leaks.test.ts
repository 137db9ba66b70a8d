// Leaks: after every demo run in-process (finished, failed on purpose, or interrupted),
// the process is back to its baseline: no timer, socket, worker or abort listener left.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InterruptError } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { run, type CliIO } from '../../src/cli/program.js';
import { demos } from '../../src/demos/index.js';
import { leftOver, resources } from '../helpers/http.js';
import { delay } from '../helpers/spawn-bin.js';
import { sink } from '../helpers/sink.js';

interface InProcess {
  code: number;
  stdout: string;
  stderr: string;
  /** Resources beyond the baseline once the run is over (after a short drain). */
  left: string[];
  /** Abort listeners still on the run's root signal. */
  listeners: number;
}

/**
 * Runs the CLI in-process on the real clock and the real registry, optionally aborting
 * the root signal (as Ctrl-C does) `abortAt` ms in, or once the progress line (stderr
 * as a terminal) shows `abortAt`, then compares the process's resources with those before.
 */
async function runInProcess(argv: string[], abortAt?: number | string): Promise<InProcess> {
  const baseline = resources();
  const stdout = sink();
  const stderr = Object.assign(sink(), { isTTY: typeof abortAt === 'string' });
  const controller = new AbortController();
  const io: CliIO = { stdout, stderr, env: {}, signal: controller.signal };
  const done = run(argv, io);
  if (typeof abortAt === 'number') await delay(abortAt);
  if (typeof abortAt === 'string') {
    // What the run writes as it goes (a variant's heading on stdout, progress on stderr).
    const seen = (): string => stdout.text + stderr.text;
    for (let waited = 0; !seen().includes(abortAt) && waited < 10_000; waited += 10) await delay(10);
    expect(seen()).toContain(abortAt);
  }
  if (abortAt !== undefined) controller.abort(new InterruptError('SIGINT'));
  const code = await done;
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    left: await leftOver(baseline),
    listeners: getEventListeners(controller.signal, 'abort').length,
  };
}

const FAST = ['--scale', '0.01', '--json'];

describe('no leak after a demo run in-process', () => {
  it.each(demos.map((d) => d.name))('%s: exit 0, and nothing left behind', async (name) => {
    const r = await runInProcess([name, ...FAST]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.left).toEqual([]);
    expect(r.listeners).toBe(0);
  });

  it.each([
    'gather --fail Bob',
    'gather --fail Alice --settle',
    'taskgroup --fail A',
    'taskgroup --fail C',
    'database --fail',
    'countdown --stop-at 1',
    'retry --failure-rate 1',
  ])('%s: the intended failure leaves nothing behind', async (command) => {
    const r = await runInProcess([...command.split(' '), ...FAST]);
    expect(r.code).toBe(0);
    expect(r.left).toEqual([]);
    expect(r.listeners).toBe(0);
  });

  // Interrupted mid-run: each demo's tasks, timers, sockets and workers are torn down.
  // At scale 0.2 every demo is still running 120 ms in. cpu is still planning then
  // (calibrating, starting its worker pool), so it is also interrupted once its tasks
  // are in the workers (its other variants block the main thread: no timer fires there).
  it.each(demos.map((d) => d.name))('%s --scale 0.2, interrupted 120 ms in: exit 130, nothing left behind', async (name) => {
    const r = await runInProcess([name, '--scale', '0.2', '--json'], 120);
    expect(r.code).toBe(130);
    // Interrupted while planning, nothing has run and nothing is printed; once measuring,
    // what finished is printed as a report marked interrupted.
    if (r.stdout !== '' || name !== 'cpu') expect((JSON.parse(r.stdout) as { interrupted: boolean }).interrupted).toBe(true);
    expect(r.left).toEqual([]);
    expect(r.listeners).toBe(0);
  });

  it('cpu interrupted with its tasks in the workers: exit 130, the partial report, nothing left behind', async () => {
    // Abort once the workers variant has started: its heading is written as it starts.
    const r = await runInProcess(['cpu', '--scale', '0.5', '--count', '8', '--variants', 'workers', '--no-timeline'], '\nworkers  ');
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Interrupted: partial results');
    expect(r.left).toEqual([]);
    expect(r.listeners).toBe(0);
  });
});

describe('main() in-process', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('a run interrupted by SIGINT: exit code 130, its signal listeners gone, nothing left behind', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const before = listeners();
    const baseline = resources();
    const done = main(['gather', '--delay', '10s', '--json']);
    await delay(100);
    expect(listeners()).toEqual(before.map((n) => n + 1));
    // The event alone, not a real signal: main's listener is what turns it into a cancellation.
    process.emit('SIGINT');
    await done;
    expect(process.exitCode).toBe(130);
    expect(listeners()).toEqual(before);
    expect(await leftOver(baseline)).toEqual([]);
    expect(err).toHaveBeenCalledWith('Cancelling… (press Ctrl-C again to force)\n');
    const json = out.mock.calls.map((c) => String(c[0])).join('');
    expect((JSON.parse(json) as { interrupted: boolean }).interrupted).toBe(true);
  });

  it('a finished run: exit code 0, signal listeners back to the baseline', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    await main(['taskgroup', '--fail', 'B', ...FAST]);
    expect(process.exitCode).toBe(0);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
