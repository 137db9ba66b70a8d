import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { DeadlineQueue } from '../../src/core/deadlines.js';
import { AbortError, isAbortError, MAX_DELAY_MS, TimeoutError } from '../../src/core/errors.js';
import { sleep } from '../../src/core/sleep.js';
import { shielded, timeout, timeoutAt, type TimeoutScope } from '../../src/core/timeout.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

/** The rejection of `promise`, driving `clock` until it settles; fails the test if it resolves. */
async function rejection(clock: FakeClock, promise: Promise<unknown>): Promise<unknown> {
  return clock.run(promise).then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (err: unknown) => err,
  );
}

/** A clock on top of a FakeClock whose now() can jump ahead without firing timers: a busy event loop. */
class BusyClock implements Clock {
  #busy = 0;
  constructor(readonly fake: FakeClock) {}
  now(): number {
    return this.fake.now() + this.#busy;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.fake.sleep(ms, signal);
  }
  /** Blocks the "loop" for `ms`: time passes, due timers only fire at the next turn. */
  block(ms: number): void {
    this.#busy += ms;
  }
}

describe('timeout scopes (reliability catalogue §1, items 1-16)', () => {
  it('1: on expiry rejects with TimeoutError whose cause is the abort, expired() is true [CP-TO test_timeout_basic, test_timeout_exception_cause, test_waiter_cancelled]', async () => {
    const clock = new FakeClock();
    let scope!: TimeoutScope;
    let seen: unknown;
    let bodySignal!: AbortSignal;
    const err = await rejection(
      clock,
      timeout(
        1000,
        async (signal, sc) => {
          scope = sc;
          bodySignal = signal;
          try {
            await sleep(10_000, { signal, clock });
          } catch (e) {
            seen = e;
            throw e;
          }
        },
        { clock },
      ),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).name).toBe('TimeoutError');
    expect((err as Error).message).toBe('Timed out after 1000 ms');
    expect(seen).toBeInstanceOf(AbortError);
    expect(seen).toBe(bodySignal.reason);
    expect((err as Error).cause).toBe(seen);
    expect(scope.expired()).toBe(true);
    expect(clock.now()).toBe(1000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('2: timeoutAt(d) gives when() === d; a scope that does not fire is not expired [CP-TO test_timeout_at_basic, test_timeout_not_called]', async () => {
    const clock = new FakeClock();
    await clock.advance(250);
    let fired!: TimeoutScope;
    const err = await rejection(
      clock,
      timeoutAt(
        1250,
        (signal, sc) => {
          fired = sc;
          return sleep(10_000, { signal, clock });
        },
        { clock },
      ),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fired.when()).toBe(1250);
    expect(fired.expired()).toBe(true);
    expect(clock.now()).toBe(1250);

    let calm!: TimeoutScope;
    const value = await clock.run(
      timeoutAt(
        clock.now() + 10_000,
        async (signal, sc) => {
          calm = sc;
          await sleep(10, { signal, clock });
          return 'done';
        },
        { clock },
      ),
    );
    expect(value).toBe('done');
    expect(calm.expired()).toBe(false);
    expect(calm.when()).toBe(11_250);
    expect(calm.when()!).toBeGreaterThan(clock.now());
    expect(clock.pendingTimers).toBe(0);
  });

  it('3: null and Infinity disable the deadline [CP-TO test_timeout_disabled, test_timeout_at_disabled]', async () => {
    const clock = new FakeClock();
    for (const run of [
      (body: (s: AbortSignal, sc: TimeoutScope) => Promise<TimeoutScope>) => timeout(null, body, { clock }),
      (body: (s: AbortSignal, sc: TimeoutScope) => Promise<TimeoutScope>) => timeout(Infinity, body, { clock }),
      (body: (s: AbortSignal, sc: TimeoutScope) => Promise<TimeoutScope>) => timeoutAt(null, body, { clock }),
      (body: (s: AbortSignal, sc: TimeoutScope) => Promise<TimeoutScope>) => timeoutAt(Infinity, body, { clock }),
    ]) {
      const start = clock.now();
      const scope = await clock.run(
        run(async (signal, sc) => {
          // Only the body's own timer: a disabled scope arms nothing.
          const slept = sleep(MAX_DELAY_MS, { signal, clock });
          expect(clock.pendingTimers).toBe(1);
          await slept;
          return sc;
        }),
      );
      expect(clock.now() - start).toBe(MAX_DELAY_MS);
      expect(scope.when()).toBeNull();
      expect(scope.expired()).toBe(false);
    }
    expect(clock.pendingTimers).toBe(0);
  });

  it('4: 0 or a negative delay expires at the first await, even sleep(0, { signal }): the deadline is checked on entry [CP-TO test_timeout_zero, test_timeout_zero_sleep_zero, test_timeout_in_the_past_sleep_zero]', async () => {
    const clock = new FakeClock();
    await clock.advance(100);
    for (const ms of [0, -11, -Infinity]) {
      let abortedOnEntry: boolean | undefined;
      let scope!: TimeoutScope;
      const err = await rejection(
        clock,
        timeout(
          ms,
          (signal, sc) => {
            scope = sc;
            abortedOnEntry = signal.aborted;
            return sleep(0, { signal, clock });
          },
          { clock },
        ),
      );
      expect(err).toBeInstanceOf(TimeoutError);
      expect(abortedOnEntry).toBe(true);
      expect(scope.expired()).toBe(true);
      expect(scope.when()!).toBeLessThanOrEqual(clock.now());
    }
    // A longer first await fails just the same, at once.
    expect(await rejection(clock, timeout(0, (signal) => sleep(10_000, { signal, clock }), { clock }))).toBeInstanceOf(TimeoutError);
    expect(await rejection(clock, timeoutAt(clock.now(), (signal) => sleep(10_000, { signal, clock }), { clock }))).toBeInstanceOf(
      TimeoutError,
    );
    expect(clock.now()).toBe(100);
    expect(clock.pendingTimers).toBe(0);
  });

  it("5: the body's own error passes through unchanged and expired() stays false [CP-TO test_foreign_exception_passed]", async () => {
    const clock = new FakeClock();
    const boom = new RangeError('boom');
    let scope!: TimeoutScope;
    const err = await rejection(
      clock,
      timeout(
        10,
        async (signal, sc) => {
          scope = sc;
          await sleep(5, { signal, clock });
          throw boom;
        },
        { clock },
      ),
    );
    expect(err).toBe(boom);
    expect(scope.expired()).toBe(false);
    // A body that throws synchronously (not an async function) is treated the same.
    const sync = new Error('sync');
    const syncErr = await rejection(
      clock,
      timeout(
        10,
        () => {
          throw sync;
        },
        { clock },
      ),
    );
    expect(syncErr).toBe(sync);
    expect(clock.pendingTimers).toBe(0);
  });

  it('6: an error thrown by cleanup while the timeout unwinds beats the TimeoutError [CP-TO test_foreign_exception_on_timeout]', async () => {
    const clock = new FakeClock();
    const cleanup = new Error('cleanup failed');
    let scope!: TimeoutScope;
    const err = await rejection(
      clock,
      timeout(
        10,
        async (signal, sc) => {
          scope = sc;
          try {
            await sleep(1000, { signal, clock });
          } finally {
            // eslint-disable-next-line no-unsafe-finally -- the point of the test
            throw cleanup;
          }
        },
        { clock },
      ),
    );
    expect(err).toBe(cleanup);
    expect(scope.expired()).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('7: an outside abort in a scope that has not expired gives the outside reason, not TimeoutError [CP-TO test_foreign_cancel_doesnt_timeout_if_not_expired]', async () => {
    const clock = new FakeClock();
    const outer = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    let scope!: TimeoutScope;
    let seen: unknown;
    void sleep(100, { clock }).then(() => outer.abort(reason));
    const err = await rejection(
      clock,
      timeout(
        10_000,
        async (signal, sc) => {
          scope = sc;
          await sleep(10_000, { signal, clock }).catch((e: unknown) => {
            seen = e;
            throw e;
          });
        },
        { clock, signal: outer.signal },
      ),
    );
    expect(err).toBe(reason);
    expect(seen).toBe(reason);
    expect(scope.expired()).toBe(false);
    expect(clock.now()).toBe(100);
    // Already aborted: rejects with the reason at once, without running the body.
    let ran = false;
    const early = await rejection(
      clock,
      timeout(
        10,
        () => {
          ran = true;
          return Promise.resolve();
        },
        { clock, signal: outer.signal },
      ),
    );
    expect(early).toBe(reason);
    expect(ran).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
  });

  it('8: after the timeout is caught, the enclosing signal is not aborted [CP-TO test_outer_task_is_not_cancelled]', async () => {
    const clock = new FakeClock();
    const outer = new AbortController();
    let enclosing!: AbortSignal;
    const result = await clock.run(
      timeout(
        10_000,
        async (signal) => {
          enclosing = signal;
          const err = await timeout(1, (s) => sleep(10_000, { signal: s, clock }), { clock, signal }).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(TimeoutError);
          expect(signal.aborted).toBe(false);
          await sleep(10, { signal, clock }); // still usable
          return 'outer finished';
        },
        { clock, signal: outer.signal },
      ),
    );
    expect(result).toBe('outer finished');
    expect(enclosing.aborted).toBe(false);
    expect(outer.signal.aborted).toBe(false);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(enclosing, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('9: nested scopes with the same deadline: only the outermost rejects with TimeoutError, the inner one sees an abort [CP-TO test_nested_timeouts; TR-RUN test_cancel_scope_nesting]', async () => {
    const clock = new FakeClock();
    const deadline = 1000;
    let cm1!: TimeoutScope;
    let cm2!: TimeoutScope;
    let inner: unknown;
    const err = await rejection(
      clock,
      timeoutAt(
        deadline,
        async (s1, sc1) => {
          cm1 = sc1;
          await timeoutAt(
            deadline,
            (s2, sc2) => {
              cm2 = sc2;
              return sleep(10_000, { signal: s2, clock });
            },
            { clock, signal: s1 },
          ).catch((e: unknown) => {
            inner = e;
            throw e;
          });
        },
        { clock },
      ),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(inner).not.toBeInstanceOf(TimeoutError);
    expect(isAbortError(inner)).toBe(true);
    expect((err as Error).cause).toBe(inner);
    expect(cm1.expired()).toBe(true);
    expect(cm2.expired()).toBe(true);

    // The same when the inner deadline happens to be queued first (the outer one is
    // rescheduled onto it later): the order the two expire in does not matter.
    let inner2: unknown;
    const at = clock.now() + 500;
    const err2 = await rejection(
      clock,
      timeoutAt(
        null,
        async (s1, outerScope) => {
          await timeoutAt(
            at,
            (s2) => {
              outerScope.reschedule(at);
              return sleep(10_000, { signal: s2, clock });
            },
            { clock, signal: s1 },
          ).catch((e: unknown) => {
            inner2 = e;
            throw e;
          });
        },
        { clock },
      ),
    );
    expect(err2).toBeInstanceOf(TimeoutError);
    expect(isAbortError(inner2)).toBe(true);
    expect(inner2).not.toBeInstanceOf(TimeoutError);
    expect(clock.pendingTimers).toBe(0);
  });

  it('10: nested scopes each fire at their own level, also when the loop was busy past a deadline [CP-TO test_nested_timeouts_loop_busy, test_nested_timeouts_concurrent]', async () => {
    // Plain: the inner fires at 10 and is caught inside; the outer fires at 100.
    const clock = new FakeClock();
    const events: string[] = [];
    const err = await rejection(
      clock,
      timeout(
        100,
        async (signal) => {
          const inner = await timeout(10, (s) => sleep(1000, { signal: s, clock }), { clock, signal }).catch((e: unknown) => e);
          events.push(`inner ${(inner as Error).name} at ${clock.now()}`);
          await sleep(10_000, { signal, clock });
        },
        { clock },
      ),
    );
    events.push(`outer ${(err as Error).name} at ${clock.now()}`);
    expect(events).toEqual(['inner TimeoutError at 10', 'outer TimeoutError at 100']);

    // Busy loop past the inner deadline only: the inner fires late, still at its level.
    const busy = new BusyClock(new FakeClock());
    const log: string[] = [];
    const busyErr = await rejection(
      busy.fake,
      timeout(
        100,
        async (signal) => {
          const inner = await timeout(
            10,
            (s) => {
              busy.block(50); // "time.sleep(0.05)": crunching numbers
              return sleep(1000, { signal: s, clock: busy });
            },
            { clock: busy, signal },
          ).catch((e: unknown) => e);
          log.push(`inner ${(inner as Error).name} at ${busy.now()}`);
          await sleep(10_000, { signal, clock: busy });
        },
        { clock: busy },
      ),
    );
    log.push(`outer ${(busyErr as Error).name} at ${busy.now()}`);
    expect(log).toEqual(['inner TimeoutError at 60', 'outer TimeoutError at 100']);

    // Busy past the outer deadline, inner not yet due: the outer fires; the inner,
    // not expired, passes the abort up.
    const busy2 = new BusyClock(new FakeClock());
    let innerScope!: TimeoutScope;
    let innerErr: unknown;
    const concurrent = await rejection(
      busy2.fake,
      timeout(
        2,
        async (signal) => {
          innerErr = await timeout(
            100,
            (s, sc) => {
              innerScope = sc;
              busy2.block(10);
              return sleep(1000, { signal: s, clock: busy2 });
            },
            { clock: busy2, signal },
          ).catch((e: unknown) => e);
          throw innerErr;
        },
        { clock: busy2 },
      ),
    );
    expect(concurrent).toBeInstanceOf(TimeoutError);
    expect(innerErr).toBeInstanceOf(AbortError);
    expect(innerScope.expired()).toBe(false);
    expect(busy.fake.pendingTimers + busy2.fake.pendingTimers + clock.pendingTimers).toBe(0);
  });

  it('11: reschedule(later) extends, reschedule(null) disables, and rescheduling after exit throws [CP-TO test_reschedule, test_timeout_finished, test_timeout_not_entered]', async () => {
    const clock = new FakeClock();
    // Moved from outside the body, as CPython's test does from another task.
    let handle!: TimeoutScope;
    const running = timeoutAt(
      10,
      async (signal, sc) => {
        handle = sc;
        await sleep(50, { signal, clock });
        return 'survived';
      },
      { clock },
    );
    // The body only ever sees an entered scope ("not entered" cannot happen): usable at once.
    expect(handle.when()).toBe(10);
    handle.reschedule(30);
    expect(handle.when()).toBe(30);
    handle.reschedule(null);
    expect(handle.when()).toBeNull();
    expect(await clock.run(running)).toBe('survived');
    expect(handle.expired()).toBe(false);
    expect(() => handle.reschedule(100)).toThrow(/finished/);

    // Extending moves the expiry; shortening brings it forward; Infinity disables.
    const moved: number[] = [];
    for (const [first, second] of [
      [100, 300],
      [300, 100],
    ] as const) {
      const start = clock.now();
      expect(
        await rejection(
          clock,
          timeout(
            first,
            (signal, sc) => {
              sc.reschedule(clock.now() + second);
              return sleep(10_000, { signal, clock });
            },
            { clock },
          ),
        ),
      ).toBeInstanceOf(TimeoutError);
      moved.push(clock.now() - start);
    }
    expect(moved).toEqual([300, 100]);
    const disabled = await clock.run(
      timeout(
        10,
        async (signal, sc) => {
          sc.reschedule(Infinity);
          await sleep(100, { signal, clock });
          return sc.when();
        },
        { clock },
      ),
    );
    expect(disabled).toBeNull();

    // A deadline already passed expires at once; an expiring or expired scope refuses.
    let expiring: unknown;
    let expired!: TimeoutScope;
    const err = await rejection(
      clock,
      timeout(
        1000,
        async (signal, sc) => {
          expired = sc;
          sc.reschedule(clock.now() - 1);
          expect(signal.aborted).toBe(true);
          try {
            sc.reschedule(clock.now() + 1000);
          } catch (e) {
            expiring = e;
          }
          await sleep(1, { signal, clock });
        },
        { clock },
      ),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(String(expiring)).toMatch(/expiring/);
    expect(() => expired.reschedule(null)).toThrow(/expired/);
    expect(clock.pendingTimers).toBe(0);
  });

  it('12: a new timeout inside the finally of an expired or aborted scope still works [CP-TO test_nested_timeout_in_finally, test_timeout_after_cancellation]', async () => {
    const clock = new FakeClock();
    let fromFinally: unknown;
    const err = await rejection(
      clock,
      timeout(
        10,
        async (signal) => {
          try {
            await sleep(1000, { signal, clock });
          } finally {
            fromFinally = await timeout(10, (s) => sleep(10_000, { signal: s, clock }), { clock }).catch((e: unknown) => e);
          }
        },
        { clock },
      ),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fromFinally).toBeInstanceOf(TimeoutError);
    expect(clock.now()).toBe(20);

    // After an outside abort was caught, a zero timeout in the cleanup still fires.
    const outer = new AbortController();
    void sleep(5, { clock }).then(() => outer.abort(new Error('stop')));
    let cleanup: unknown;
    await clock.run(
      (async () => {
        try {
          await sleep(1000, { signal: outer.signal, clock });
        } catch {
          // the work was cancelled; carry on with cleanup
        } finally {
          cleanup = await timeout(0, (s) => sleep(1000, { signal: s, clock }), { clock }).catch((e: unknown) => e);
        }
      })(),
    );
    expect(cleanup).toBeInstanceOf(TimeoutError);
    expect(clock.pendingTimers).toBe(0);
  });

  it('13: a relative timeout starts at entry, not when it is set up [TR-TO test_timeout_deadline_on_entry]', async () => {
    const clock = new FakeClock();
    let scope!: TimeoutScope;
    const body = (signal: AbortSignal, sc: TimeoutScope): Promise<void> => {
      scope = sc;
      return sleep(10_000, { signal, clock });
    };
    const enter = (): Promise<void> => timeout(1000, body, { clock });
    await clock.advance(500); // time passes between setting up and entering
    const err = await rejection(clock, enter());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(scope.when()).toBe(1500);
    expect(clock.now()).toBe(1500);
  });

  it('14: NaN and delays above 2**31-1 ms reject with RangeError without running the body; negative means already expired [TR-TO test_timeouts_raise_value_error]', async () => {
    const clock = new FakeClock();
    let ran = 0;
    const body = (): Promise<void> => {
      ran++;
      return Promise.resolve();
    };
    for (const bad of [NaN, MAX_DELAY_MS + 1, 2 ** 31, Number.MAX_VALUE]) {
      let promise!: Promise<void>;
      expect(() => {
        promise = timeout(bad, body, { clock });
      }).not.toThrow();
      await expect(promise).rejects.toThrow(RangeError);
    }
    await expect(timeoutAt(NaN, body, { clock })).rejects.toThrow(RangeError);
    expect(ran).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    // The largest Node timer is fine; so is an absolute deadline beyond it (re-armed in steps).
    expect(await clock.run(timeout(MAX_DELAY_MS, (_s, sc) => Promise.resolve(sc.when()), { clock }))).toBe(MAX_DELAY_MS);
    // A clock that refuses what Node's setTimeout would mangle: the deadline timer must step.
    const strict: Clock = {
      now: () => clock.now(),
      sleep: (ms, signal) => (ms > MAX_DELAY_MS ? Promise.reject(new RangeError(`${ms}`)) : clock.sleep(ms, signal)),
    };
    const start = clock.now();
    const far = start + 3 * MAX_DELAY_MS;
    const forever = async (signal: AbortSignal): Promise<void> => {
      for (;;) await sleep(MAX_DELAY_MS, { signal, clock: strict });
    };
    expect(await rejection(clock, timeoutAt(far, forever, { clock: strict }))).toBeInstanceOf(TimeoutError);
    expect(clock.now()).toBe(far);
    // reschedule() validates too.
    await clock.run(
      timeout(
        10,
        (_s, sc) => {
          expect(() => sc.reschedule(NaN)).toThrow(RangeError);
          return Promise.resolve();
        },
        { clock },
      ),
    );
    // Negative is asyncio's "in the past", not an error.
    expect(await rejection(clock, timeout(-5, (signal) => sleep(1, { signal, clock }), { clock }))).toBeInstanceOf(TimeoutError);
    expect(clock.pendingTimers).toBe(0);
  });

  it('15: shielded cleanup: after the abort, dispose with a fresh, deadline-bounded signal [TR-TO test_move_on_after_moves_on_even_if_shielded; TR-RUN test_cancel_shielding]', async () => {
    const clock = new FakeClock();
    const closed: number[] = [];
    const close = async (ms: number, signal: AbortSignal): Promise<void> => {
      await sleep(ms, { signal, clock });
      closed.push(clock.now());
    };
    // A quick close completes although the scope's own signal is aborted.
    const quick = await rejection(
      clock,
      timeout(
        1000,
        async (signal) => {
          try {
            await sleep(10_000, { signal, clock });
          } finally {
            await timeout(50, (fresh) => close(30, fresh), { clock });
          }
        },
        { clock },
      ),
    );
    expect(quick).toBeInstanceOf(TimeoutError);
    expect(closed).toEqual([1030]);

    // A hanging close is bounded by its own deadline; its TimeoutError is a cleanup error (item 6).
    const hanging = await rejection(
      clock,
      timeout(
        1000,
        async (signal) => {
          try {
            await sleep(10_000, { signal, clock });
          } finally {
            await timeout(50, (fresh) => close(60_000, fresh), { clock });
          }
        },
        { clock },
      ),
    );
    expect(hanging).toBeInstanceOf(TimeoutError);
    expect((hanging as Error).message).toBe('Timed out after 50 ms');
    expect(clock.now()).toBe(1030 + 1050);

    // The anti-pattern: cleanup on the aborted signal never even starts (level-triggered).
    let cleanupErr: unknown;
    await rejection(
      clock,
      timeout(
        10,
        async (signal) => {
          try {
            await sleep(10_000, { signal, clock });
          } finally {
            cleanupErr = await close(30, signal).catch((e: unknown) => e);
          }
        },
        { clock },
      ),
    );
    expect(cleanupErr).toBeInstanceOf(AbortError);
    expect(closed).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('shielded(ms, body): awaited cleanup after a cancellation gets a fresh, bounded signal, where the aborted one rejects at once [CP-TO test_nested_timeout_in_finally; TR-RUN test_cancel_shielding]', async () => {
    const clock = new FakeClock();
    const steps: string[] = [];
    const close = async (ms: number, signal: AbortSignal): Promise<void> => {
      await sleep(ms, { signal, clock });
      steps.push(`closed@${clock.now()}`);
    };
    const parent = new AbortController();
    void sleep(100, { clock }).then(() => parent.abort(new AbortError('Ctrl-C')));
    const err = await rejection(
      clock,
      timeout(
        null,
        async (signal) => {
          try {
            await sleep(10_000, { signal, clock });
          } finally {
            // The cancellation cannot be cleared: everything on the old signal fails at once...
            steps.push(`on the aborted signal: ${String(await close(30, signal).catch((e: unknown) => (e as Error).name))}`);
            steps.push(`nested timeout on it: ${String(await timeout(50, (s) => close(30, s), { signal, clock }).catch((e: unknown) => (e as Error).message))}`);
            // ...while shielded() hands the cleanup a fresh signal, which the parent's abort does not reach.
            await shielded(50, (fresh) => close(30, fresh), { clock });
          }
        },
        { signal: parent.signal, clock },
      ),
    );
    expect((err as Error).message).toBe('Ctrl-C'); // the cancellation still propagates, after the cleanup
    expect(steps).toEqual(['on the aborted signal: AbortError', 'nested timeout on it: Ctrl-C', 'closed@130']);

    // A cleanup that hangs is bounded by the shielded deadline, and says so.
    const hung = await rejection(clock, shielded(50, (fresh) => close(60_000, fresh), { clock }));
    expect(hung).toBeInstanceOf(TimeoutError);
    expect(clock.pendingTimers).toBe(0);

    // No deadline, no shield: nothing else could stop it.
    for (const bad of [null, Infinity, Number.NaN] as unknown as number[]) {
      let ran = false;
      const refused = await shielded(bad, () => {
        ran = true;
        return Promise.resolve();
      }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RangeError);
      expect(ran).toBe(false);
    }
  });

  it('a body that ignores its signal is awaited to its end: no TimeoutError, and expired() tells the deadline passed', async () => {
    const clock = new FakeClock();
    let scope!: TimeoutScope;
    const value = await clock.run(
      timeout(
        100,
        async (_signal, sc) => {
          scope = sc;
          await sleep(1000, { clock }); // does not listen
          return 'late';
        },
        { clock },
      ),
    );
    expect([value, clock.now(), scope.expired()]).toEqual(['late', 1000, true]);
  });

  it('16: aborts are level-triggered: once expired, every later sleep on the signal rejects at once [TR-RUN test_cancel_edge_cases]', async () => {
    const clock = new FakeClock();
    const times: number[] = [];
    const reasons: unknown[] = [];
    const err = await rejection(
      clock,
      timeout(
        10,
        async (signal) => {
          for (let i = 0; i < 3; i++) {
            // A body that (wrongly) swallows the abort still cannot wait again.
            await sleep(1000, { signal, clock }).catch((e: unknown) => reasons.push(e));
            times.push(clock.now());
            expect(clock.pendingTimers).toBe(0);
          }
          await sleep(1000, { signal, clock });
        },
        { clock },
      ),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(times).toEqual([10, 10, 10]);
    expect(new Set(reasons).size).toBe(1);
    expect(reasons[0]).toBe((err as Error).cause);
  });
});

describe('timeout scopes: hygiene and cost', () => {
  it('leaves no timer and no listener on the outer signal, on every path', async () => {
    const clock = new FakeClock();
    const outer = new AbortController();
    const opts = { clock, signal: outer.signal };
    await clock.run(timeout(100, (s) => sleep(10, { signal: s, clock }), opts)); // success
    await rejection(clock, timeout(100, (s) => sleep(1000, { signal: s, clock }), opts)); // expiry
    await rejection(
      clock,
      timeout(
        100,
        async () => {
          await flush();
          throw new Error('x');
        },
        opts,
      ),
    ); // body error
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
    expect(DeadlineQueue.for(clock).size).toBe(0);
    const pending = timeout(100, (s) => sleep(1000, { signal: s, clock }), opts);
    await flush();
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(1);
    outer.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop'); // outer abort
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
  });

  it('resolves with the value of a body that swallows the abort; expired() still tells', async () => {
    const clock = new FakeClock();
    let scope!: TimeoutScope;
    const value = await clock.run(
      timeout(
        10,
        async (signal, sc) => {
          scope = sc;
          await sleep(1000, { signal, clock }).catch(() => {});
          return 'partial';
        },
        { clock },
      ),
    );
    expect(value).toBe('partial');
    expect(scope.expired()).toBe(true);
  });

  it('shares one timer among all the scopes of a clock', async () => {
    const clock = new FakeClock();
    const n = 1000;
    const all = Promise.all(Array.from({ length: n }, (_, i) => timeout(1000 + i, (s) => sleep(10, { signal: s, clock }), { clock })));
    expect(clock.pendingTimers).toBe(n + 1); // the bodies' sleeps, plus one for every deadline
    expect(DeadlineQueue.for(clock).size).toBe(n);
    await clock.run(all);
    expect(clock.pendingTimers).toBe(0);
    expect(DeadlineQueue.for(clock).size).toBe(0);
  });

  it('on the real clock: expires about on time and leaves no Timeout behind', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const t0 = performance.now();
    const err = await timeout(20, (signal) => sleep(5000, { signal })).catch((e: unknown) => e);
    const elapsed = performance.now() - t0;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(18);
    expect(elapsed).toBeLessThan(2000);
    expect(timers()).toBeLessThanOrEqual(before); // vitest's own timers may come and go
    expect(await timeout(5000, (signal) => sleep(1, { signal, clock: systemClock }).then(() => 'ok'))).toBe('ok');
    expect(timers()).toBeLessThanOrEqual(before); // vitest's own timers may come and go
  });
});
