// Every demo, with every failure it can be asked to show, in a child process on the
// compiled dist/ (`npm test` builds it first): whatever order the failures come in,
// nothing is left unhandled, nothing crashes, and the process ends on its own.
import { describe, expect, it } from 'vitest';
import { demos } from '../../src/demos/index.js';
import { CRASH_MARKERS, pendingWork, spawnProbed } from './probe.js';

/**
 * The failure options of each demo (README "Demos"): an injected failure that the demo
 * shows as intended is a success (exit 0). Several names per demo, so that the failing
 * task comes first, in the middle and last, with the siblings still running or done.
 */
const FAILURES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  gather: [['--fail', 'Alice'], ['--fail', 'Bob'], ['--fail', 'Charlie'], ['--fail', 'Bob', '--settle'], ['--fail', 'Charlie', '--settle']],
  taskgroup: [['--fail', 'A'], ['--fail', 'B'], ['--fail', 'C']],
  database: [['--fail'], ['--fail', 'Alice'], ['--fail', 'Charlie']],
  countdown: [['--stop-at', '1'], ['--stop-at', '3']],
  retry: [['--failure-rate', '1'], ['--failure-rate', '1', '--retries', '0']],
};

interface Report {
  schema: string;
  demo: string;
  interrupted: boolean;
  variants: { name: string; error?: unknown; spans: { outcome: 'ok' | 'error' | 'cancelled' }[] }[];
}

// Each demo as it comes (its own failures included: timeout's overruns, race's losers),
// then each failure option; all of them small and fast.
const cases: [string, string[]][] = [
  ...demos.map((d): [string, string[]] => [d.name, [d.name]]),
  ...Object.entries(FAILURES).flatMap(([name, list]) => list.map((args): [string, string[]] => [`${name} ${args.join(' ')}`, [name, ...args]])),
];

describe('failure options of every demo', () => {
  it('covers every demo that has a --fail option, and only demos that exist', () => {
    const withFail = demos.filter((d) => (d.options ?? []).some((o) => o.flags.startsWith('--fail ')));
    expect(withFail.map((d) => d.name)).toEqual(expect.arrayContaining(['gather', 'taskgroup', 'database']));
    for (const d of withFail) expect(FAILURES[d.name]?.some((args) => args[0] === '--fail'), d.name).toBe(true);
    for (const name of Object.keys(FAILURES)) expect(demos.map((d) => d.name)).toContain(name);
  });
});

describe.concurrent('every demo and failure option, spawned (--scale 0.01 --json)', () => {
  it.each(cases)('%s: exit 0, one JSON report, nothing on stderr, no unhandled rejection, ends on its own', async (_, args) => {
    const r = await spawnProbed([...args, '--scale', '0.01', '--json']).exit;
    expect(r.stderr).not.toMatch(CRASH_MARKERS);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);

    const report = JSON.parse(r.stdout) as Report;
    expect(report.schema).toBe('asyncdemo.report/1');
    expect(report.demo).toBe(args[0]);
    expect(report.interrupted).toBe(false);
    for (const v of report.variants) expect(v.error, `variant ${v.name}`).toBeUndefined();
    // An injected failure is shown, not swallowed: its task ends in an error span.
    if (args[1] === '--fail') {
      for (const v of report.variants) expect(v.spans.map((s) => s.outcome), `variant ${v.name}`).toContain('error');
    }

    // It ended because nothing was left to do, not through process.exit.
    expect(r.probe).toBeDefined();
    expect(r.probe!.exitCalled).toBeNull();
    expect(pendingWork(r.probe!.active)).toEqual([]);
    expect(r.probe!.warnings).toEqual([]);
  });
});
