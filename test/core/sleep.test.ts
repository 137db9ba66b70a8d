import { getEventListeners, setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DELAY_MS } from '../../src/core/errors.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;
const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Collects process warnings by name until the returned function is called. */
function captureWarnings(): { names: string[]; stop: () => void } {
  const names: string[] = [];
  const onWarning = (w: Error): void => {
    names.push(w.name);
  };
  process.on('warning', onWarning);
  return { names, stop: () => process.off('warning', onWarning) };
}

describe('sleep', () => {
  let stopWarnings: (() => void) | undefined;
  afterEach(() => stopWarnings?.());

  it('resolves after ms on the clock, not before', async () => {
    const clock = new FakeClock();
    let done = false;
    const slept = sleep(1000, { clock }).then(() => {
      done = true;
    });
    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(1);
    await slept;
    expect(done).toBe(true);
    expect(clock.now()).toBe(1000);
    // sleep(0) still yields to the timer, like asyncio.sleep(0).
    let zero = false;
    const z = sleep(0, { clock }).then(() => {
      zero = true;
    });
    await flush();
    expect(zero).toBe(false);
    await clock.advance(0);
    await z;
    expect(zero).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('with an already-aborted signal: rejects with signal.reason, creates no timer, adds no listener [PM already aborted signal; PQ reject immediately…]', async () => {
    const reason = new Error('already');
    const signal = AbortSignal.abort(reason);
    const clock = new FakeClock();
    await expect(sleep(1000, { signal, clock })).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    expect(listeners(signal)).toBe(0);
    // And on the real clock: no Timeout handle either.
    const before = activeTimers();
    const real = sleep(60_000, { signal });
    expect(activeTimers()).toBe(before);
    await expect(real).rejects.toBe(reason);
    expect(listeners(signal)).toBe(0);
  });

  it('aborted while pending: rejects with the reason and removes its timer and listener', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const slept = sleep(1000, { signal: controller.signal, clock });
    expect(clock.pendingTimers).toBe(1);
    expect(listeners(controller.signal)).toBe(1);
    const reason = { custom: 'reason' }; // any value, as fetch allows
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    expect(listeners(controller.signal)).toBe(0);
  });

  it('removes its abort listener when it settles normally; 1000 sleeps on one signal raise no MaxListenersExceededWarning [PQ abort listener is removed when job is completed; nodejs/node#47449]', async () => {
    const warnings = captureWarnings();
    stopWarnings = warnings.stop;
    const clock = new FakeClock();
    const controller = new AbortController();
    const { signal } = controller;
    // Node 20 warns past 10 abort listeners by default, Node 24 only when a limit is set:
    // set it, so that the check means the same on both.
    setMaxListeners(10, signal);
    await clock.run(sleep(10, { signal, clock }));
    expect(listeners(signal)).toBe(0);
    // One after another, and all at once.
    for (let i = 0; i < 1000; i++) await clock.run(sleep(1, { signal, clock }));
    const all = Promise.all(Array.from({ length: 1000 }, () => sleep(5, { signal, clock })));
    expect(listeners(signal)).toBe(1);
    await clock.run(all);
    expect(listeners(signal)).toBe(0);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    expect(warnings.names).not.toContain('MaxListenersExceededWarning');

    // Control: the same capture does see the warning when listeners pile up for real.
    const leaky = new AbortController();
    setMaxListeners(10, leaky.signal);
    for (let i = 0; i < 11; i++) leaky.signal.addEventListener('abort', () => {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.names).toContain('MaxListenersExceededWarning');
  });

  it('100 000 sleepers on one signal: exactly one real listener while pending, none after', async () => {
    // The real clock: its timers are O(1) to create and to clear.
    const controller = new AbortController();
    const { signal } = controller;
    const finishing = Promise.all(Array.from({ length: 100_000 }, () => sleep(1, { signal })));
    expect(listeners(signal)).toBe(1);
    await finishing;
    expect(listeners(signal)).toBe(0);

    const reason = new Error('stop them all');
    const aborted = Promise.allSettled(Array.from({ length: 100_000 }, () => sleep(60_000, { signal })));
    expect(listeners(signal)).toBe(1);
    controller.abort(reason);
    const outcomes = await aborted;
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === reason)).toBe(true);
    expect(listeners(signal)).toBe(0);
  });

  it('rejects bad delays with RangeError, without creating a timer', async () => {
    const clock = new FakeClock();
    for (const bad of [NaN, -1, 2 ** 31, MAX_DELAY_MS + 1, Infinity]) {
      let promise!: Promise<void>;
      expect(() => {
        promise = sleep(bad, { clock });
      }).not.toThrow(); // a rejection, as for every other failure of an async function
      await expect(promise).rejects.toThrow(RangeError);
    }
    expect(clock.pendingTimers).toBe(0);
    await expect(clock.run(sleep(MAX_DELAY_MS, { clock }))).resolves.toBeUndefined();
  });

  it('on the real clock: after an abort, no extra Timeout is left', async () => {
    const before = activeTimers();
    const controller = new AbortController();
    const slept = sleep(60_000, { signal: controller.signal });
    expect(activeTimers()).toBe(before + 1);
    controller.abort();
    // Checked before any event-loop turn, so that vitest's own timers cannot blur the count.
    expect(activeTimers()).toBe(before);
    await expect(slept).rejects.toMatchObject({ name: 'AbortError' });
    expect(listeners(controller.signal)).toBe(0);
  });
});
