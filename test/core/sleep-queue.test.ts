// The real clock's sleep queues (one Timeout per duration): on real time where timing is
// the point (orders 100 ms apart, lower bounds and loose upper ones), on faked timers
// where the queue's bookkeeping is.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onAbort } from '../../src/core/abort.js';
import { systemClock } from '../../src/core/clock.js';
import { MAX_DELAY_MS } from '../../src/core/errors.js';

const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('systemClock.sleep queues', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after its ms (to the millisecond, as setTimeout), by deadline across durations and in creation order within one', async () => {
    const order: string[] = [];
    const t0 = performance.now();
    // Node's timer clock is truncated to the millisecond: setTimeout itself may fire up to
    // 1 ms early by performance.now().
    const at = (name: string) => () => order.push(`${name}@${performance.now() - t0 >= Number(name.split('-')[0]) - 1 ? 'ok' : 'early'}`);
    // 100 ms apart: the order holds even if the process is descheduled between two calls
    // for a while (a busy machine), which moves the later deadlines.
    await Promise.all([
      systemClock.sleep(300).then(at('300-a')),
      systemClock.sleep(100).then(at('100-a')),
      systemClock.sleep(200).then(at('200-a')),
      systemClock.sleep(100).then(at('100-b')),
      systemClock.sleep(300).then(at('300-b')),
    ]);
    expect(order).toEqual(['100-a@ok', '100-b@ok', '200-a@ok', '300-a@ok', '300-b@ok']);
  });

  it('holds one Timeout per duration however many sleep, and clears it with the last abort', async () => {
    const before = activeTimers();
    const controller = new AbortController();
    const many = Array.from({ length: 1000 }, () => systemClock.sleep(60_000, controller.signal));
    const others = Array.from({ length: 10 }, () => systemClock.sleep(59_000, controller.signal));
    expect(activeTimers()).toBe(before + 2);
    const reason = new Error('stop');
    controller.abort(reason);
    // Synchronously: no timer is left for the aborted sleepers.
    expect(activeTimers()).toBe(before);
    const outcomes = await Promise.allSettled([...many, ...others]);
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === reason)).toBe(true);
  });

  it('aborting some sleepers (the head included) leaves the others on time', async () => {
    const controllers = Array.from({ length: 6 }, () => new AbortController());
    const t0 = performance.now();
    const sleeps = controllers.map((c) => systemClock.sleep(25, c.signal));
    controllers[0]!.abort('head');
    controllers[3]!.abort('middle');
    const outcomes = await Promise.allSettled(sleeps);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['head', 'ok', 'ok', 'middle', 'ok', 'ok']);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(24);
  });

  it('compacts a long queue without losing or misplacing anyone', async () => {
    // On faked timers and a faked performance.now(): the waves must be exactly where the
    // test puts them. On the real clock a first wave that fired late (a busy machine, a
    // GC pause) also resolved the second one, so the abort below found nothing to abort.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    // 2000 due first; 1000 more of the same duration arrive later, so when the first wave
    // resolves the queue drops its consumed front while the second wave waits in it.
    // Each on its own signal: sleeps of one deadline on one signal would share a sleeper.
    const first = Array.from({ length: 2000 }, () => systemClock.sleep(30, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(15);
    const controllers = Array.from({ length: 1000 }, () => new AbortController());
    const second = controllers.map((c) => systemClock.sleep(30, c.signal));
    let secondDone = 0;
    for (const s of second) s.then(() => secondDone++, () => {});
    await vi.advanceTimersByTimeAsync(15);
    await Promise.all(first);
    expect(secondDone).toBe(0); // the second wave is still in the compacted queue
    // A third wave lands where the second wave sat before the compaction: an abort that
    // used a stale position would remove one of these instead of its own sleeper.
    let thirdDone = 0;
    const third = Array.from({ length: 2000 }, () => systemClock.sleep(30, new AbortController().signal).then(() => thirdDone++));
    controllers[500]!.abort('one');
    await vi.advanceTimersByTimeAsync(15);
    const outcomes = await Promise.allSettled(second);
    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []))).toEqual(['one']);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(999);
    expect(thirdDone).toBe(0);
    await vi.advanceTimersByTimeAsync(15);
    await Promise.all(third);
    expect(thirdDone).toBe(2000);
  });
});

describe('systemClock.sleep: sleeps nothing can tell apart share one sleeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('same duration, same millisecond, same signal (or none): one promise, resolved once, at the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const controller = new AbortController();
    const a = systemClock.sleep(50, controller.signal);
    const b = systemClock.sleep(50, controller.signal);
    const c = systemClock.sleep(50);
    const d = systemClock.sleep(50);
    expect(b).toBe(a);
    expect(d).toBe(c);
    expect(c).not.toBe(a); // another signal
    const longer = systemClock.sleep(60, controller.signal);
    expect(longer).not.toBe(a); // another duration
    await vi.advanceTimersByTimeAsync(1);
    const later = systemClock.sleep(50, controller.signal);
    expect(later).not.toBe(a); // another millisecond, another deadline
    let done = 0;
    for (const p of [a, b, c, d]) void p.then(() => done++);
    await vi.advanceTimersByTimeAsync(49);
    expect(done).toBe(4);
    controller.abort('late');
    // The sleeps that did not share a's sleeper are still pending, each on its own.
    expect(await Promise.allSettled([longer, later])).toEqual([
      { status: 'rejected', reason: 'late' },
      { status: 'rejected', reason: 'late' },
    ]);
  });

  it('an abort rejects every sharer with the reason, and tells the listeners in the order they subscribed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const controller = new AbortController();
    const order: string[] = [];
    const a = systemClock.sleep(50, controller.signal);
    void a.catch(() => order.push('a'));
    // A listener subscribed in between: the next sleep must not join a, or the abort would
    // reject it before this listener runs.
    onAbort(controller.signal, () => void Promise.resolve().then(() => order.push('listener')));
    const b = systemClock.sleep(50, controller.signal);
    const c = systemClock.sleep(50, controller.signal);
    expect(b).not.toBe(a);
    expect(c).toBe(b);
    void b.catch(() => order.push('b'));
    controller.abort('stop');
    const outcomes = await Promise.allSettled([a, b, c]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as unknown) : 'ok'))).toEqual(['stop', 'stop', 'stop']);
    expect(order).toEqual(['listener', 'a', 'b']);
  });
});

describe('systemClock.sleep at the edge of the timer range', () => {
  it('arms a real timer for sleep(MAX_DELAY_MS) without overflowing it', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const slept = systemClock.sleep(MAX_DELAY_MS, controller.signal);
    // An overflowing delay would fire after 1 ms, find the sleeper not due and re-arm, over and over.
    await systemClock.sleep(20);
    controller.abort('done');
    await expect(slept).rejects.toBe('done');
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    process.off('warning', onWarning);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });
});

describe('systemClock.sleep under fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves as faked timers advance, even with performance.now() left real', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = 0;
    const first = systemClock.sleep(100).then(() => done++);
    // Later sleepers of the same queue are due a whole millisecond apart at most.
    const rest = Array.from({ length: 100 }, () => systemClock.sleep(100).then(() => done++));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    await vi.advanceTimersByTimeAsync(2);
    await Promise.all(rest);
    expect(done).toBe(101);
  });

  it('a sleep left pending under fake timers does not stall real sleeps of the same duration', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const abandoned = systemClock.sleep(37); // its fake timer will never fire
    vi.useRealTimers();
    const t0 = performance.now();
    await systemClock.sleep(37);
    expect(performance.now() - t0).toBeLessThan(2000);
    await abandoned; // re-armed on the real timer with the queue
  });
});
