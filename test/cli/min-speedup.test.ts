/**
 * `--min-speedup` against a headline whose ideal is at or below the bar: passing would
 * take a run that reaches or beats its ideal, which noise and per-task costs decide more
 * than the pattern. The stderr line says the ideal, and where no speedup is expected at
 * all (one task on each side, or an ideal of 1×), says that; the exit code stays 3
 * (DESIGN.md).
 */
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../src/cli/program.js';
import { gateShortfall } from '../../src/cli/render/verdict.js';
import type { Measurement, Speedup } from '../../src/core/measure.js';
import { summarize } from '../../src/core/stats.js';
import { asCompletedDemo } from '../../src/demos/as-completed.js';
import { gatherDemo } from '../../src/demos/gather.js';
import { greetDemo } from '../../src/demos/greet.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';
import { span } from './render/fixtures.js';

async function invoke(argv: string[]) {
  const clock = new FakeClock();
  const stdout = sink();
  const stderr = sink();
  const io: CliIO = { stdout, stderr, env: {}, clock, signal: new AbortController().signal, demos: [greetDemo, gatherDemo, asCompletedDemo] };
  const code = await clock.run(run(argv, io));
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('--min-speedup above what the headline can reach', () => {
  it('greet --count 1 --min-speedup 1.2: one task, ideal 1.00×: says no speedup is expected, exits 3', async () => {
    const r = await invoke(['greet', '--count', '1', '--min-speedup', '1.2', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'asyncdemo: greet: headline speedup 1.00× (eager vs sequential) is below --min-speedup 1.2, above its ideal 1.00×: with one task no speedup is expected.\n',
    );
  });

  it('gather --min-speedup 3.5: above the ideal 3.00×, only a run that beats it could pass', async () => {
    const r = await invoke(['gather', '--min-speedup', '3.5', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'asyncdemo: gather: headline speedup 3.00× (gather vs sequential) is below --min-speedup 3.5, above its ideal 3.00×: only a run that beats its ideal could pass.\n',
    );
  });

  it('as-completed --min-speedup 1.29: above the ideal 1.2857…, but at it as printed (1.29×): a run must reach it', async () => {
    const r = await invoke(['as-completed', '--min-speedup', '1.29', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'asyncdemo: as-completed: headline speedup 1.29× (as-completed vs gather) is below --min-speedup 1.29, at its ideal 1.29×: only a run that reaches its ideal could pass.\n',
    );
  });

  it('as-completed --min-speedup 1.3: above its ideal 1.29×', async () => {
    const r = await invoke(['as-completed', '--min-speedup', '1.3', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('is below --min-speedup 1.3, above its ideal 1.29×: only a run that beats its ideal could pass.');
  });

  it('at or below the measured speedup it still passes, silently', async () => {
    const r = await invoke(['greet', '--count', '1', '--min-speedup', '1', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('gateShortfall', () => {
  const speedup = (value: number, ideal: number): Speedup => ({
    variant: 'concurrent',
    baseline: 'sequential',
    value,
    stddev: 0,
    ideal,
    efficiency: value / ideal,
    valid: true,
  });
  const measurement = (tasks: number): Measurement => {
    const spans = Array.from({ length: tasks }, (_, i) => span(`t${i}`, 0, 100, i));
    const variant = (name: string) => ({ name, summary: name, plannedMs: 100, ms: summarize([100]), spans, narration: [] });
    return { baseline: 'sequential', variants: [variant('sequential'), variant('concurrent')], speedups: [], interrupted: false };
  };

  it('a shortfall the ideal allows names the ideal, and nothing more', () => {
    expect(gateShortfall(speedup(2.51, 3), 2.8, measurement(3))).toBe(
      'headline speedup 2.51× (concurrent vs sequential) is below --min-speedup 2.8 (ideal 3.00×)',
    );
    expect(gateShortfall(speedup(2.51, 3), 2.99, measurement(3))).toBe('headline speedup 2.51× (concurrent vs sequential) is below --min-speedup 2.99 (ideal 3.00×)');
    // At the ideal itself, a run must be perfect: the line says so.
    expect(gateShortfall(speedup(2.51, 3), 3, measurement(3))).toBe(
      'headline speedup 2.51× (concurrent vs sequential) is below --min-speedup 3, at its ideal 3.00×: only a run that reaches its ideal could pass',
    );
  });

  it('an ideal of 1× with several tasks (cpu promise-all): no speedup expected, without blaming a single task', () => {
    expect(gateShortfall(speedup(0.99, 1), 1.1, measurement(2))).toBe(
      'headline speedup 0.99× (concurrent vs sequential) is below --min-speedup 1.1, above its ideal 1.00×: no speedup is expected',
    );
    expect(gateShortfall(speedup(0.97, 1), 1, measurement(2))).toBe(
      'headline speedup 0.97× (concurrent vs sequential) is below --min-speedup 1, at its ideal 1.00×: no speedup is expected',
    );
  });

  // fetch-all --variants concurrent,limited: the plan has the variant 2× slower (ideal 0.50×).
  it('a plan that has the variant slower says so, in the headline\'s direction, never as an ideal to beat', () => {
    expect(gateShortfall(speedup(0.69, 0.5), 1.2, measurement(3))).toBe(
      'headline speedup 0.69× (concurrent vs sequential) is below --min-speedup 1.2: the plan has concurrent 2.00× slower than sequential, so no speedup is expected',
    );
    expect(gateShortfall(speedup(0.69, 0.5), 0.8, measurement(3))).toBe(
      'headline speedup 0.69× (concurrent vs sequential) is below --min-speedup 0.8: the plan has concurrent 2.00× slower than sequential; only a run less slow than planned could pass',
    );
    expect(gateShortfall(speedup(0.4, 0.5), 0.45, measurement(3))).toBe(
      'headline speedup 0.40× (concurrent vs sequential) is below --min-speedup 0.45 (the plan has concurrent 2.00× slower than sequential)',
    );
  });

  it('one task on each side is named as the reason', () => {
    expect(gateShortfall(speedup(1.02, 1), 1.2, measurement(1))).toMatch(/, above its ideal 1\.00×: with one task no speedup is expected$/);
  });

  it('a bar at the ideal up to a float\'s hair (20 tasks at c=12: 2 waves against 1, ideal 1.6666…) is at it, not below', () => {
    expect(gateShortfall(speedup(1.6, 5 / 3), 1.67, measurement(3))).toMatch(/is below --min-speedup 1\.67, at its ideal 1\.67×: only a run that reaches its ideal could pass$/);
    expect(gateShortfall(speedup(1.6, 5 / 3), 1.66, measurement(3))).toMatch(/is below --min-speedup 1\.66 \(ideal 1\.67×\)$/);
  });
});
