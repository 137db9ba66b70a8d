import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../../src/core/measure.js';
import { duration, narrator, stamp } from '../../../src/demos/shared/narration.js';
import { FakeClock } from '../../helpers/fake-clock.js';

function context(lines: string[]): RunContext {
  return {
    clock: new FakeClock(),
    signal: new AbortController().signal,
    elapsed: () => 0,
    task: (_name, fn) => fn(),
    queued: (_name, fn) => fn({ start: () => {}, run: (work) => work() }),
    say: (text) => void lines.push(text),
    detail: () => {},
  };
}

describe('demo narration', () => {
  it('narrates up to 20 tasks and otherwise says once that it is off', () => {
    const lines: string[] = [];
    narrator(context(lines), 20)?.('hello');
    expect(lines).toEqual(['hello']);
    const say = narrator(context(lines), 21, 'items');
    expect(say).toBeUndefined();
    expect(lines).toEqual(['hello', '(narration off for 21 items)']);
  });

  it('formats points in a run and durations for prose', () => {
    expect(stamp(500)).toBe('+0.50s');
    expect(stamp(12_345)).toBe('+12.35s');
    expect(duration(10_000)).toBe('10 s');
    expect(duration(2500)).toBe('2.5 s');
    expect(duration(20)).toBe('20 ms');
    expect(duration(0.5)).toBe('0.5 ms');
  });
});
