import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptError } from '../../src/cli/exit-codes.js';
import { run, type CliIO } from '../../src/cli/program.js';
import { gatherDemo } from '../../src/demos/gather.js';
import { greetDemo } from '../../src/demos/greet.js';
import type { Demo } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';

interface Event {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tracePath = (): string => join(dir, `t${++files}.json`);

function setup(demos: readonly Demo[] = [greetDemo, gatherDemo]) {
  const clock = new FakeClock();
  const stdout = sink();
  const stderr = sink();
  const controller = new AbortController();
  const io: CliIO = { stdout, stderr, env: {}, clock, signal: controller.signal, demos };
  return { clock, stdout, stderr, controller, io };
}

/** Reads a trace file and checks the Trace Event shape every viewer relies on. */
function readTrace(path: string): Event[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: Event[]; displayTimeUnit: string };
  expect(doc.displayTimeUnit).toBe('ms');
  expect(Array.isArray(doc.traceEvents)).toBe(true);
  for (const e of doc.traceEvents) {
    expect(typeof e.name).toBe('string');
    expect(['X', 'M']).toContain(e.ph);
    expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
    if (e.ph === 'X') {
      expect(Number.isInteger(e.ts) && e.ts! >= 0).toBe(true);
      expect(Number.isInteger(e.dur) && e.dur! >= 0).toBe(true);
      expect(['ok', 'error', 'cancelled']).toContain(e.args?.outcome);
    }
  }
  return doc.traceEvents;
}

const complete = (events: Event[]): Event[] => events.filter((e) => e.ph === 'X');
const processNames = (events: Event[]): unknown[] => events.filter((e) => e.name === 'process_name').map((e) => e.args?.name);

describe('--trace <file>', () => {
  it('gather --scale 0.1 writes one X event per task, three per variant, in microseconds', async () => {
    const { clock, stdout, stderr, io } = setup();
    const file = tracePath();
    const code = await clock.run(run(['gather', '--scale', '0.1', '--trace', file, '--no-color'], io));
    expect(code).toBe(0);
    expect(stdout.text).toContain('Summary');
    expect(stderr.text).toBe(`asyncdemo: trace written to ${file} (open it in https://ui.perfetto.dev or chrome://tracing)\n`);
    const events = readTrace(file);
    const tasks = complete(events);
    expect(tasks).toHaveLength(6);
    expect(processNames(events)).toEqual(['gather: sequential', 'gather: gather']);
    // The fake clock makes every greeting exactly 100 ms: 100 000 µs.
    expect(tasks.map((e) => e.dur)).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 100_000]);
    expect(tasks.filter((e) => e.cat === 'gather').map((e) => e.tid)).toEqual([1, 2, 3]);
    expect(tasks.map((e) => e.name)).toEqual(['Alice', 'Bob', 'Charlie', 'Alice', 'Bob', 'Charlie']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps each task outcome in args: --fail Bob shows the error and the siblings that ran on', async () => {
    const { clock, io } = setup();
    const file = tracePath();
    expect(await clock.run(run(['gather', '--scale', '0.1', '--fail', 'Bob', '--variants', 'gather', '--json', '--trace', file], io))).toBe(0);
    const tasks = complete(readTrace(file));
    expect(tasks.map((e) => [e.name, e.args?.outcome])).toEqual([
      ['Alice', 'ok'],
      ['Bob', 'error'],
      ['Charlie', 'ok'],
    ]);
    expect(tasks[1]!.args?.error).toBe('Bob failed');
  });

  it('--json keeps stdout a single JSON document; --quiet says nothing about the trace', async () => {
    const { clock, stdout, stderr, io } = setup();
    const file = tracePath();
    expect(await clock.run(run(['greet', '--json', '--quiet', '--trace', file], io))).toBe(0);
    expect((JSON.parse(stdout.text) as { demo: string }).demo).toBe('greet');
    expect(stderr.text).toBe('');
    expect(complete(readTrace(file))).toHaveLength(6);
  });

  it('all --trace puts every demo in one file, each variant its own process', async () => {
    const { clock, stderr, io } = setup();
    const file = tracePath();
    expect(await clock.run(run(['all', '--scale', '0.01', '--quiet', '--trace', file], io))).toBe(0);
    expect(stderr.text).toBe('');
    const events = readTrace(file);
    expect(processNames(events)).toEqual(['greet: sequential', 'greet: eager', 'gather: sequential', 'gather: gather']);
    expect(complete(events)).toHaveLength(12);
    expect(new Set(complete(events).map((e) => e.pid))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('an interrupted run still writes what was measured, and exits 130', async () => {
    const { clock, controller, io } = setup();
    const file = tracePath();
    const done = run(['gather', '--json', '--trace', file], io);
    await clock.advance(1500);
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    const tasks = complete(readTrace(file));
    // Sequential: Alice done at 1 s, Bob cancelled at 1.5 s, Charlie never started.
    expect(tasks.map((e) => [e.name, e.args?.outcome, e.dur])).toEqual([
      ['Alice', 'ok', 1_000_000],
      ['Bob', 'cancelled', 500_000],
    ]);
  });

  it('a file that cannot be written: one line on stderr, exit 1, and the report is still printed', async () => {
    for (const [argv, why] of [
      [['gather', '--scale', '0.1', '--no-color', '--trace', join(dir, 'missing', 't.json')], 'its directory does not exist'],
      [['all', '--scale', '0.01', '--no-color', '--trace', dir], 'it is a directory'],
    ] as const) {
      const { clock, stdout, stderr, io } = setup();
      expect(await clock.run(run([...argv], io))).toBe(1);
      expect(stdout.text).toContain('Summary');
      expect(stderr.text).toBe(`asyncdemo: error: --trace: cannot write '${argv[argv.length - 1]}': ${why}\n`);
    }
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('a FIFO whose reader leaves before the end: one line on stderr that says so, exit 1', async () => {
    const fifo = join(dir, 'early.fifo');
    execFileSync('mkfifo', [fifo]);
    // Reads the first piece the pipe holds (64 KB) of a trace ten times that, and leaves.
    const reader = createReadStream(fifo);
    reader.once('data', () => reader.destroy());
    // On the real clock (1 ms tasks): the fake one cannot wait for a reader.
    const { stderr, io } = setup();
    delete io.clock;
    expect(await run(['gather', '--count', '5000', '--delay', '1ms', '--variants', 'gather', '--quiet', '--trace', fifo], io)).toBe(1);
    expect(stderr.text).toBe(`asyncdemo: error: --trace: cannot write '${fifo}': its reader closed it before the end\n`);
  });

  it('an empty file name is a usage error before anything runs', async () => {
    const { clock, stdout, stderr, io } = setup();
    expect(await clock.run(run(['gather', '--trace', ''], io))).toBe(2);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(/option '--trace <file>' argument '' is invalid/);
  });
});
