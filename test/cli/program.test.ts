import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InterruptError } from '../../src/cli/exit-codes.js';
import { run, type CliIO } from '../../src/cli/program.js';
import type { RunContext } from '../../src/core/measure.js';
import { sleep } from '../../src/core/sleep.js';
import { UsageError, type Demo, type DemoParams, type DemoPlan } from '../../src/demos/types.js';
import { raceDemo } from '../../src/demos/race.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';

interface Probe {
  plans: DemoParams[];
  closes: number;
}

const nap = (ctx: RunContext, ms: number) => sleep(ms, { signal: ctx.signal, clock: ctx.clock });

/**
 * A tiny demo on the fake clock: `count` naps of `delay` ms, one after another or all
 * at once. `--boom` makes the concurrent variant fail; `--fail Zed` is a usage error
 * only the plan can see.
 */
function napDemo(probe: Probe): Demo {
  return {
    name: 'nap',
    title: 'naps in turn or all at once',
    description: 'Takes a few naps. The ideal speedup is the number of naps.',
    examples: ['asyncdemo nap --count 5', 'nap --scale 0.5'],
    variantNames: ['sequential', 'concurrent'],
    delay: { defaultMs: 100, help: 'how long each nap lasts' },
    count: { default: 3, max: 10, help: 'how many naps' },
    options: [
      { flags: '--fail <name>', description: 'make the nap called name fail', kind: 'string' },
      { flags: '--boom', description: 'make the concurrent variant throw', kind: 'flag' },
      { flags: '--pause <duration>', description: 'an extra pause', kind: 'duration', min: 0, max: 10_000, default: 0 },
      { flags: '--concurrency <n>', description: 'at most n at once', kind: 'count', min: 1, max: 4, default: 4 },
      { flags: '--mode <m>', description: 'a choice', kind: 'string', choices: ['fast', 'slow'], default: 'fast' },
      { flags: '--ratio <x>', description: 'a fraction', kind: 'number', min: 0, max: 1 },
      { flags: '--tag <t>', description: 'repeatable tags', kind: 'strings', choices: ['a', 'b', 'c'], default: ['a'] },
    ],
    plan(params) {
      probe.plans.push(params);
      if (params.options.fail === 'Zed') {
        throw new UsageError(`option '--fail <name>' argument 'Zed' is invalid. Allowed: nap 1, nap 2, nap 3.`);
      }
      const ms = params.delayMs * params.scale;
      const names = Array.from({ length: params.count }, (_, i) => `nap ${i + 1}`);
      const boom = params.options.boom === true;
      return {
        headline: 'concurrent',
        params: { napMs: ms },
        close: () => {
          probe.closes++;
          return Promise.resolve();
        },
        variants: [
          {
            name: 'sequential',
            summary: 'one nap after another',
            plannedMs: names.length * ms,
            run: async (ctx) => {
              for (const name of names) await ctx.task(name, () => nap(ctx, ms));
            },
          },
          {
            name: 'concurrent',
            summary: 'every nap at once',
            plannedMs: ms,
            run: async (ctx) => {
              ctx.say('all naps started');
              await Promise.all(names.map((name) => ctx.task(name, () => nap(ctx, ms))));
              if (boom) throw new Error('the concurrent variant blew up');
            },
          },
        ],
      };
    },
  };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  probe: Probe;
}

function setup(env: Record<string, string | undefined> = {}) {
  const probe: Probe = { plans: [], closes: 0 };
  const clock = new FakeClock();
  const stdout = sink();
  const stderr = sink();
  const controller = new AbortController();
  const io: CliIO = { stdout, stderr, env, clock, signal: controller.signal, demos: [napDemo(probe)] };
  return { probe, clock, stdout, stderr, controller, io };
}

async function invoke(argv: string[]): Promise<Result> {
  const { probe, clock, stdout, stderr, io } = setup();
  const code = await clock.run(run(argv, io));
  expect(clock.pendingTimers).toBe(0);
  return { code, stdout: stdout.text, stderr: stderr.text, probe };
}

describe('run(): a demo', () => {
  it('prints a human report with both variants and the headline, and exits 0', async () => {
    const r = await invoke(['nap', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sequential');
    expect(r.stdout).toContain('concurrent');
    expect(r.stdout).toMatch(/3\.00\s*×|3\.00x|3\.0×|3×/);
    expect(r.stderr).toBe('');
    expect(r.probe.closes).toBe(1);
  });

  it('hands the plan the validated options, with defaults for the absent ones', async () => {
    const r = await invoke(['nap', '--count', '5', '--delay', '250ms', '--scale', '0.5', '--pause', '1.5s', '--tag', 'b,c', '--tag', 'a']);
    expect(r.code).toBe(0);
    const params = r.probe.plans[0]!;
    expect(params).toMatchObject({ scale: 0.5, delayMs: 250, count: 5 });
    expect(params.options).toEqual({
      fail: undefined,
      boom: false,
      pause: 1500,
      concurrency: 4,
      mode: 'fast',
      ratio: undefined,
      tag: ['b', 'c', 'a'],
    });
    expect(params.options).not.toHaveProperty('tag', ['a', 'b', 'c', 'a']);
  });

  it("fills what is not given from the demo's definition, so that a plan never restates a default", async () => {
    const r = await invoke(['nap', '--delay', '250ms']);
    expect(r.code).toBe(0);
    const params = r.probe.plans[0]!;
    expect(params).toMatchObject({ scale: 1, delayMs: 250, count: 3, given: { delayMs: true, count: false } });
    expect(params.options).toMatchObject({ pause: 0, concurrency: 4, mode: 'fast', tag: ['a'] });
    const defaults = (await invoke(['nap', '--count', '2'])).probe.plans[0]!;
    expect(defaults).toMatchObject({ delayMs: 100, count: 2, given: { delayMs: false, count: true } });
  });

  it("hands the plan the CLI's standard input: a demo never reads process.stdin itself", async () => {
    const { probe, clock, io } = setup();
    io.stdin = Readable.from([]);
    expect(await clock.run(run(['nap'], io))).toBe(0);
    expect(probe.plans[0]!.stdin).toBe(io.stdin);
  });

  it("fetch-all --urls-file - reads the URLs from the stdin it is given, naming it <stdin>", async () => {
    const bad = setup();
    const code = await run(['fetch-all', '--urls-file', '-'], { ...bad.io, demos: undefined, stdin: Readable.from(['# list\nhttp://127.0.0.1:1/\nnope\n']) });
    expect(code).toBe(2);
    expect(bad.stderr.text).toContain("<stdin>:3: 'nope' is invalid");
    const none = setup();
    expect(await run(['fetch-all', '--urls-file', '-'], { ...none.io, demos: undefined })).toBe(2);
    expect(none.stderr.text).toContain('<stdin> holds no URL');
  });

  it('--json prints exactly one asyncdemo.report/1 document and nothing else', async () => {
    const r = await invoke(['nap', '--json', '--count', '2', '--runs', '2', '--warmup', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      schema: string;
      demo: string;
      params: Record<string, unknown>;
      variants: { name: string; ms: { median: number; samples: number[] } }[];
      speedups: { variant: string; baseline: string; value: number; ideal: number }[];
    };
    expect(doc.schema).toBe('asyncdemo.report/1');
    expect(doc.demo).toBe('nap');
    expect(doc.params).toMatchObject({ scale: 1, delay: 100, count: 2, runs: 2, warmup: 1, variants: ['sequential', 'concurrent'], napMs: 100 });
    expect(doc.variants.map((v) => [v.name, v.ms.median, v.ms.samples.length])).toEqual([
      ['sequential', 200, 2],
      ['concurrent', 100, 2],
    ]);
    expect(doc.speedups[0]).toMatchObject({ variant: 'concurrent', baseline: 'sequential', value: 2, ideal: 2 });
  });

  it('--variants keeps only the named variants, in the plan order', async () => {
    const r = await invoke(['nap', '--json', '--variants', 'concurrent']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { variants: { name: string }[]; speedups: unknown[]; params: { variants: string[] } };
    expect(doc.variants.map((v) => v.name)).toEqual(['concurrent']);
    expect(doc.speedups).toEqual([]);
    expect(doc.params.variants).toEqual(['concurrent']);

    const both = await invoke(['nap', '--json', '--variants', 'concurrent,sequential']);
    expect((JSON.parse(both.stdout) as { variants: { name: string }[] }).variants.map((v) => v.name)).toEqual(['sequential', 'concurrent']);
  });

  it('--min-speedup: exits 3 below it (saying so on stderr) and 0 at or above it', async () => {
    const below = await invoke(['nap', '--min-speedup', '3.5']);
    expect(below.code).toBe(3);
    expect(below.stdout).toContain('concurrent');
    expect(below.stderr).toMatch(/headline speedup 3\.00× \(concurrent vs sequential\) is below --min-speedup 3\.5/);
    const above = await invoke(['nap', '--min-speedup', '3']);
    expect(above.code).toBe(0);
    expect(above.stderr).toBe('');
  });

  it('--min-speedup on a headline that is not a speedup exits 3, with one line saying why the gate cannot pass', async () => {
    const { clock, stdout, stderr, io } = setup();
    const code = await clock.run(run(['race', '--min-speedup', '1.5', '--no-color'], { ...io, demos: [raceDemo] }));
    expect(code).toBe(3);
    expect(stdout.text).toContain('Not a speedup: both race for a first answer.');
    expect(stderr.text).toBe(
      'asyncdemo: race: the headline is not a speedup: race vs promise-race compares the time to a first answer and the work left running, so --min-speedup 1.5 cannot pass.\n',
    );

    // A failed variant: exit 1 for the failure, and the gate says why it could not pass.
    const failed = await invoke(['nap', '--boom', '--min-speedup', '1']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'asyncdemo: nap: the headline is not a speedup: concurrent vs sequential had failures (a speedup counts only work that all succeeded), so --min-speedup 1 cannot pass.\n',
    );
    expect(failed.stdout).not.toMatch(/× faster/);
  });

  it('--min-speedup with a single variant is a usage error, and the plan is still closed', async () => {
    const r = await invoke(['nap', '--variants', 'sequential', '--min-speedup', '2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^asyncdemo: error: option '--min-speedup <x>' needs two variants to compare, but only 'sequential' is selected\.\nTry 'asyncdemo nap --help'\.\n$/);
    expect(r.probe.closes).toBe(1);
  });

  it('a UsageError from the plan exits 2 with one line and a hint, nothing on stdout', async () => {
    const r = await invoke(['nap', '--fail', 'Zed']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "asyncdemo: error: option '--fail <name>' argument 'Zed' is invalid. Allowed: nap 1, nap 2, nap 3.\nTry 'asyncdemo nap --help'.\n",
    );
  });

  it('a failing variant exits 1 after the full report, naming the failure on stderr', async () => {
    const r = await invoke(['nap', '--boom', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('sequential');
    expect(r.stderr).toBe("asyncdemo: nap: variant 'concurrent' failed: Error: the concurrent variant blew up\n");
    expect(r.probe.closes).toBe(1);
  });

  it('a failing variant with --json still prints one parseable report, and exits 1', async () => {
    const r = await invoke(['nap', '--boom', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { variants: { name: string; error?: { message: string } }[] };
    expect(doc.variants[1]!.error?.message).toBe('the concurrent variant blew up');
  });

  it('an unexpected error from the plan exits 1 with one line, and a stack trace only with --debug', async () => {
    const probe: Probe = { plans: [], closes: 0 };
    const broken: Demo = { ...napDemo(probe), plan: () => Promise.reject(new Error('port 9 refused')) };
    for (const debug of [false, true]) {
      const stdout = sink();
      const stderr = sink();
      const argv = debug ? ['nap', '--debug'] : ['nap'];
      const code = await run(argv, { stdout, stderr, env: {}, demos: [broken], clock: new FakeClock() });
      expect(code).toBe(1);
      expect(stdout.text).toBe('');
      expect(stderr.text.split('\n')[0]).toBe('asyncdemo: error: port 9 refused');
      expect(stderr.text.includes('    at ')).toBe(debug);
    }
  });
});

describe('run(): progress', () => {
  it('shows a progress line on stderr for the rounds not shown as they run, only on a terminal and neither with --json nor --quiet', async () => {
    for (const [tty, extra, shown] of [
      [true, [], true],
      [true, ['--json'], false],
      [true, ['--quiet'], false],
      [false, [], false],
    ] as const) {
      const { clock, stderr, io } = setup();
      io.stderr = Object.assign(stderr, { isTTY: tty });
      expect(await clock.run(run(['nap', '--runs', '2', '--warmup', '1', ...extra], io))).toBe(0);
      expect(stderr.text.includes('nap: warm-up 1/1 · sequential…')).toBe(shown);
      expect(stderr.text.includes('nap: run 2/2 · concurrent…')).toBe(shown);
      // The first timed round is the one whose narration is written as it happens: the
      // narration is its progress (and a progress line would break its lines on screen).
      expect(stderr.text.includes('run 1/2')).toBe(false);
      // The line is cleared at the end, so the report is never mixed with it.
      if (shown) expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
      else expect(stderr.text).toBe('');
    }
  });
});

describe('run(): interruption', () => {
  it('an abort mid-run exits 130, prints the partial report, cancels the running tasks and closes the plan', async () => {
    const { probe, clock, stdout, controller, io } = setup();
    const done = run(['nap', '--json'], io);
    await clock.advance(150);
    controller.abort(new InterruptError('SIGINT'));
    const code = await clock.run(done);
    expect(code).toBe(130);
    const doc = JSON.parse(stdout.text) as { interrupted: boolean; variants: { name: string; spans: { task: string; outcome: string }[] }[] };
    expect(doc.interrupted).toBe(true);
    expect(doc.variants.map((v) => v.name)).toEqual(['sequential']);
    expect(doc.variants[0]!.spans.map((s) => s.outcome)).toEqual(['ok', 'cancelled']);
    expect(probe.closes).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an abort while the demo plans still gives a JSON reader one document, empty and interrupted', async () => {
    const { probe, clock, stdout, controller, io } = setup();
    // A plan that waits on its signal, as starting a server or warming a pool does.
    const slow: Demo = {
      ...napDemo(probe),
      plan: ({ signal }) => clock.sleep(10_000, signal).then(() => napDemo(probe).plan({} as never)),
    };
    io.demos = [slow];
    const done = run(['nap', '--json'], io);
    await clock.advance(50);
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    const doc = JSON.parse(stdout.text) as { schema: string; interrupted: boolean; variants: unknown[]; speedups: unknown[] };
    expect(doc).toMatchObject({ schema: 'asyncdemo.report/1', interrupted: true, variants: [], speedups: [] });
    expect(clock.pendingTimers).toBe(0);
  });

  it('interrupted after one of three rounds, the headline claims no spread: one round has none', async () => {
    // gather --runs 5, Ctrl-C in round 2: "gather ran 3.05 ± 0.00× faster", a ± of one sample.
    const { clock, stdout, controller, io } = setup();
    const done = run(['nap', '--no-color', '--runs', '3'], io);
    await clock.advance(450); // round 1: 300 + 100 ms; round 2 is in its sequential run
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    expect(stdout.text).toContain('  Time: 300.0 ms');
    expect(stdout.text).toMatch(/concurrent ran 3\.00× faster than sequential/);
    expect(stdout.text).not.toContain('±');
    // Two complete rounds do have a spread to show.
    const two = setup();
    const both = run(['nap', '--no-color', '--runs', '3'], two.io);
    await two.clock.advance(850);
    two.controller.abort(new InterruptError('SIGINT'));
    expect(await two.clock.run(both)).toBe(130);
    expect(two.stdout.text).toMatch(/concurrent ran 3\.00 ± 0\.00× faster than sequential/);
  });

  it('an abort while the demo warms up, after its title is shown, says nothing was measured', async () => {
    const { probe, clock, stdout, controller, io } = setup();
    // As fetch-all warms its connections before the first run.
    const warming: Demo = { ...napDemo(probe), plan: (p) => ({ ...(napDemo(probe).plan(p) as DemoPlan), warmUp: (signal) => clock.sleep(10_000, signal) }) };
    io.demos = [warming];
    const done = run(['nap', '--no-color'], io);
    await clock.advance(50);
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    expect(stdout.text).toMatch(/^nap — naps in turn or all at once\n[^]*\nInterrupted: nothing was measured \(stopped before a run completed\)\n$/);
  });

  it('an abort while a plan that cannot stop halfway gets ready: nothing shown after it, and the plan is closed', async () => {
    const { probe, clock, stdout, controller, io } = setup();
    // As fetch-all's server start, which finishes after the Ctrl-C.
    io.demos = [{ ...napDemo(probe), plan: (p) => clock.sleep(100).then(() => napDemo(probe).plan(p)) }];
    const done = run(['nap', '--no-color'], io);
    await clock.advance(50);
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    expect(stdout.text).toBe('');
    expect(probe.closes).toBe(1);
  });

  it('SIGTERM exits 143, and the human report is still printed', async () => {
    const { clock, stdout, controller, io } = setup();
    const done = run(['nap', '--no-color'], io);
    await clock.advance(350);
    controller.abort(new InterruptError('SIGTERM'));
    expect(await clock.run(done)).toBe(143);
    expect(stdout.text).toContain('sequential');
  });

  it('an already-aborted signal runs nothing', async () => {
    const { probe, clock, stdout, controller, io } = setup();
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(run(['nap'], io))).toBe(130);
    expect(probe.plans).toEqual([]);
    expect(stdout.text).toBe('');
  });
});

describe('run(): help, version, list', () => {
  it('--help prints usage with every demo and examples on stdout, exit 0', async () => {
    const r = await invoke(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: asyncdemo /);
    expect(r.stdout).toMatch(/nap \[options\]\s+naps in turn or all at once/);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ asyncdemo gather --scale 0.1');
  });

  it("a demo's --help shows its description, common and own options, and its examples", async () => {
    const r = await invoke(['nap', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Takes a few naps.');
    for (const flag of ['--scale <f>', '--delay <duration>', '--count <n>', '--runs <n>', '--warmup <n>', '--variants <a,b>', '--json', '--no-timeline', '--no-color', '--quiet', '--min-speedup <x>', '--debug', '--fail <name>', '--concurrency <n>']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('$ asyncdemo nap --count 5');
    expect(r.stdout).toContain('$ asyncdemo nap --scale 0.5');
  });

  it('--version prints the package version', async () => {
    const r = await invoke(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('no command at all is a usage error: help on stderr, exit 2', async () => {
    const r = await invoke([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: asyncdemo');
  });

  it('list prints every demo', async () => {
    const r = await invoke(['list', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nap');
    expect(r.stdout).toContain('naps in turn or all at once');
  });
});

describe('run(): all', () => {
  it('runs every demo, then prints a summary; --json gives one asyncdemo.summary/1 document', async () => {
    const r = await invoke(['all', '--json', '--scale', '0.5']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema: string; reports: { demo: string }[] };
    expect(doc.schema).toBe('asyncdemo.summary/1');
    expect(doc.reports.map((rep) => rep.demo)).toEqual(['nap']);
    expect(r.probe.plans[0]!.options).toMatchObject({ concurrency: 4, mode: 'fast', tag: ['a'] });

    const human = await invoke(['all', '--no-color']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('nap — naps in turn or all at once');
    expect(human.stdout).toMatch(/\nSummary\n[^]*nap\s+sequential → concurrent/);

    const quiet = await invoke(['all', '--no-color', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('nap — ');
    expect(quiet.stdout).toMatch(/^Summary\n/);
  });

  it('goes on after a failing demo, and exits 1', async () => {
    const probe: Probe = { plans: [], closes: 0 };
    const broken: Demo = { ...napDemo(probe), name: 'broken', plan: () => Promise.reject(new Error('no server')) };
    const clock = new FakeClock();
    const stdout = sink();
    const stderr = sink();
    const code = await clock.run(run(['all', '--json'], { stdout, stderr, env: {}, clock, demos: [broken, napDemo(probe)] }));
    expect(code).toBe(1);
    expect(stderr.text).toBe('asyncdemo: broken: no server\n');
    const doc = JSON.parse(stdout.text) as { reports: { demo: string }[]; interrupted: boolean };
    expect(doc.reports.map((rep) => rep.demo)).toEqual(['nap']);
    expect(doc.interrupted).toBe(false);
  });

  it('stops at once when interrupted: the next demo never starts, exit 130', async () => {
    const probe: Probe = { plans: [], closes: 0 };
    const clock = new FakeClock();
    const stdout = sink();
    const controller = new AbortController();
    const second: Demo = { ...napDemo(probe), name: 'second' };
    const done = run(['all', '--json'], { stdout, stderr: sink(), env: {}, clock, signal: controller.signal, demos: [napDemo(probe), second] });
    await clock.advance(50);
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    expect(probe.plans.length).toBe(1);
    expect(probe.closes).toBe(1);
    const doc = JSON.parse(stdout.text) as { reports: { demo: string; interrupted: boolean }[]; interrupted: boolean };
    expect(doc.interrupted).toBe(true);
    expect(doc.reports.map((rep) => [rep.demo, rep.interrupted])).toEqual([['nap', true]]);
    expect(doc).toMatchObject({ notMeasured: ['second'] });
  });

  /** `all` over nap, slow and third, Ctrl-C at 1 s while slow is still planning (as fetch-all's server starts). */
  const interruptedBetweenDemos = async (argv: string[]): Promise<string> => {
    const probe: Probe = { plans: [], closes: 0 };
    const clock = new FakeClock();
    const stdout = sink();
    const controller = new AbortController();
    // A plan that waits on its signal, as fetch-all's server start does.
    const slow: Demo = { ...napDemo(probe), name: 'slow', plan: ({ signal }) => clock.sleep(10_000, signal).then(() => napDemo(probe).plan({} as never)) };
    const third: Demo = { ...napDemo(probe), name: 'third' };
    const done = run(argv, { stdout, stderr: sink(), env: {}, clock, signal: controller.signal, demos: [napDemo(probe), slow, third] });
    await clock.advance(1_000); // nap's 300 + 100 ms are done; slow is still planning
    controller.abort(new InterruptError('SIGINT'));
    expect(await clock.run(done)).toBe(130);
    return stdout.text;
  };

  it('interrupted between demos (a server starting), the summary says which demos it never measured', async () => {
    const text = await interruptedBetweenDemos(['all', '--no-color']);
    const summary = text.slice(text.lastIndexOf('Summary'));
    // (and the warning of a busy machine, when this one is)
    expect(summary).toMatch(/^Summary\nDemo .*\nnap +sequential → concurrent .*\nInterrupted: 2 of 3 demos not measured: slow, third\n(Warning: the machine was busy .*\n)?$/);
  });

  it('interrupted, all --json lists the demos it never measured (notMeasured), the same ones the text names', async () => {
    const doc = JSON.parse(await interruptedBetweenDemos(['all', '--json'])) as { reports: { demo: string }[]; interrupted: boolean; notMeasured?: string[] };
    expect(doc.interrupted).toBe(true);
    expect(doc.notMeasured).toEqual(['slow', 'third']);
    const text = await interruptedBetweenDemos(['all', '--no-color']);
    expect(text).toContain(`Interrupted: 2 of 3 demos not measured: ${doc.notMeasured!.join(', ')}\n`);
  });

  it('not interrupted, all --json has no notMeasured (it is there only when Ctrl-C stopped the run)', async () => {
    const r = await invoke(['all', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).not.toHaveProperty('notMeasured');
  });

  it('exits with the worst code: a below-gate demo gives 3', async () => {
    const r = await invoke(['all', '--min-speedup', '10', '--json']);
    expect(r.code).toBe(3);
  });

  it('rejects a demo-only option and --variants', async () => {
    for (const argv of [['all', '--boom'], ['all', '--variants', 'sequential']]) {
      const r = await invoke(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/unknown option/);
      expect(r.stderr).toContain("Try 'asyncdemo all --help'.");
    }
  });
});

describe('run(): usage errors', () => {
  it('an unknown demo exits 2 with a suggestion and nothing on stdout', async () => {
    const r = await invoke(['nop']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("asyncdemo: error: unknown command 'nop'\n(Did you mean nap?)\nTry 'asyncdemo --help'.\n");
    expect(r.probe.plans).toEqual([]);
  });

  it('an unknown option exits 2 with a suggestion', async () => {
    const r = await invoke(['nap', '--cont', '3']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("asyncdemo: error: unknown option '--cont'\n(Did you mean --count?)\nTry 'asyncdemo nap --help'.\n");
  });

  // [argv after the command, what stderr's first line must say]
  const bad: [string[], RegExp, ('planned' | undefined)?][] = [
    [['--count', 'abc'], /option '--count <n>' argument 'abc' is invalid\. Must be an integer from 1 to 10\.$/],
    [['--count', '0'], /'--count <n>' argument '0' is invalid/],
    [['--count', '11'], /'--count <n>' argument '11' is invalid\. Must be an integer from 1 to 10\./],
    [['--count', '1.5'], /'--count <n>' argument '1\.5' is invalid/],
    [['--count', '10ms'], /'--count <n>' argument '10ms' is invalid/],
    [['--count', '0x10'], /'--count <n>' argument '0x10' is invalid/],
    [['--count', '1e3'], /'--count <n>' argument '1e3' is invalid/],
    [['--count', ''], /'--count <n>' argument '' is invalid/],
    [['--count', ' '], /'--count <n>' argument ' ' is invalid/],
    [['--count=-1'], /'--count <n>' argument '-1' is invalid/],
    [['--count'], /option '--count <n>' argument missing/],
    [['--scale', '0'], /'--scale <f>' argument '0' is invalid\. Must be a number greater than 0, at most 1000\./],
    [['--scale', '-1'], /'--scale <f>' argument '-1' is invalid/],
    [['--scale', 'fast'], /'--scale <f>' argument 'fast' is invalid/],
    [['--scale', 'NaN'], /'--scale <f>' argument 'NaN' is invalid/],
    [['--scale', 'Infinity'], /'--scale <f>' argument 'Infinity' is invalid/],
    [['--delay', 'abc'], /'--delay <duration>' argument 'abc' is invalid\. Must be a duration like 250ms/],
    [['--delay', '0'], /'--delay <duration>' argument '0' is invalid/],
    [['--delay=-5ms'], /'--delay <duration>' argument '-5ms' is invalid/],
    [['--delay', '3000000s'], /'--delay <duration>' argument '3000000s' is invalid/],
    [['--delay', '1h'], /'--delay <duration>' argument '1h' is invalid/],
    [['--delay', 'NaN'], /'--delay <duration>' argument 'NaN' is invalid/],
    [['--runs', '0'], /'--runs <n>' argument '0' is invalid\. Must be an integer from 1 to 1000\./],
    [['--runs', '2.5'], /'--runs <n>' argument '2\.5' is invalid/],
    [['--runs', '1001'], /'--runs <n>' argument '1001' is invalid/],
    [['--warmup=-1'], /'--warmup <n>' argument '-1' is invalid\. Must be an integer from 0 to 1000\./],
    [['--warmup', 'x'], /'--warmup <n>' argument 'x' is invalid/],
    [['--variants', 'gather'], /'--variants <a,b>' argument 'gather' is invalid\. Unknown 'gather'\. Allowed: sequential, concurrent\./],
    [['--variants', 'sequential,nope'], /'--variants <a,b>' argument 'sequential,nope' is invalid\. Unknown 'nope'/],
    [['--variants', ''], /'--variants <a,b>' argument '' is invalid/],
    [['--variants', 'sequential,,concurrent'], /'--variants <a,b>' argument 'sequential,,concurrent' is invalid/],
    [['--min-speedup', '0'], /'--min-speedup <x>' argument '0' is invalid\. Must be a number greater than 0\./],
    [['--min-speedup', 'fast'], /'--min-speedup <x>' argument 'fast' is invalid/],
    [['--min-speedup=-2'], /'--min-speedup <x>' argument '-2' is invalid/],
    [['--concurrency', '5'], /'--concurrency <n>' argument '5' is invalid\. Must be an integer from 1 to 4\./],
    [['--concurrency', '0'], /'--concurrency <n>' argument '0' is invalid/],
    [['--pause', '11s'], /'--pause <duration>' argument '11s' is invalid\. .*from 0ms to 10000ms/],
    [['--pause', 'soon'], /'--pause <duration>' argument 'soon' is invalid/],
    [['--mode', 'medium'], /'--mode <m>' argument 'medium' is invalid\. Allowed choices are fast, slow\./],
    [['--ratio', '1.5'], /'--ratio <x>' argument '1\.5' is invalid\. Must be a number from 0 to 1\./],
    [['--ratio', 'half'], /'--ratio <x>' argument 'half' is invalid/],
    [['--tag', 'd'], /'--tag <t>' argument 'd' is invalid\. Unknown 'd'\. Allowed: a, b, c\./],
    [['--fail', ''], /'--fail <name>' argument '' is invalid\. Must not be empty\./],
    [['--fail', 'Zed'], /option '--fail <name>' argument 'Zed' is invalid\. Allowed: nap 1/, 'planned'],
    [['--variants', 'sequential', '--min-speedup', '2'], /option '--min-speedup <x>' needs two variants/, 'planned'],
    [['--jsn'], /unknown option '--jsn'/],
    [['--no-colour'], /unknown option '--no-colour'/],
    [['-x'], /unknown option '-x'/],
    [['extra'], /too many arguments for 'nap'\. Expected 0 arguments but got 1\./],
  ];

  it('has at least 40 bad invocations', () => {
    expect(bad.length).toBeGreaterThanOrEqual(40);
  });

  it.each(bad)('nap %j exits 2, says what is wrong, prints nothing on stdout', async (args, message, planned) => {
    const r = await invoke(['nap', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^asyncdemo: error: /);
    expect(lines[0]).toMatch(message);
    expect(lines.at(-1)).toBe("Try 'asyncdemo nap --help'.");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Parsers reject before any work; only what the plan alone can see gets that far.
    expect(r.probe.plans.length).toBe(planned === undefined ? 0 : 1);
  });
});
