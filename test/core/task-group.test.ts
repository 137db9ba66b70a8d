/* eslint-disable @typescript-eslint/require-await -- children are async functions that often fail without awaiting: the shape tg.spawn takes */
import { getEventListeners } from 'node:events';
import { setTimeout as setTimeoutPromise } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import { sleep } from '../../src/core/sleep.js';
import { TaskGroup, taskGroup, type Task } from '../../src/core/task-group.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

class MyExc extends Error {
  override name = 'MyExc';
}
class ZeroDivisionError extends Error {
  override name = 'ZeroDivisionError';
}
class ValueError extends Error {
  override name = 'ValueError';
}

const nap = (clock: FakeClock, ms: number, signal?: AbortSignal): Promise<void> => sleep(ms, { signal, clock });

/** Runs `fn` at `ms` on the fake clock (the way a test schedules an outside event). */
function at(clock: FakeClock, ms: number, fn: () => void): void {
  void clock.sleep(ms - clock.now()).then(fn);
}

async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, got a fulfilment');
}

function errorsOf(err: unknown): unknown[] {
  expect(err).toBeInstanceOf(AggregateError);
  return (err as AggregateError).errors;
}

const names = (errors: unknown[]): string[] => [...new Set(errors.map((e) => (e as Error).name))].sort();

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

// Item 21 everywhere: no test may leave an unhandled rejection behind.
const unhandled = failOnUnhandledRejections();

describe('TaskGroup: the checklist (reliability_anchors §1)', () => {
  it('1. all children succeed, including ones spawned after an await; the group waits for all (CPython test_taskgroup_01, _02)', async () => {
    const clock = new FakeClock();
    let t1!: Task<number>;
    let t2!: Task<number>;
    const value = await clock.run(
      taskGroup(async (tg) => {
        t1 = tg.spawn(async (signal) => {
          await nap(clock, 100, signal);
          return 42;
        });
        await nap(clock, 150, tg.signal);
        t2 = tg.spawn(async (signal) => {
          await nap(clock, 200, signal);
          return 11;
        });
        return 'body';
      }),
    );
    expect(value).toBe('body');
    expect(clock.now()).toBe(350); // 150 in the body, then t2's 200: exit waited for it
    expect(t1.result()).toBe(42);
    expect(t2.result()).toBe(11);
    expect(t1.state).toBe('fulfilled');
    expect(clock.pendingTimers).toBe(0);
  });

  it('2. aborting one child individually: the others finish and the group succeeds (CPython test_taskgroup_03)', async () => {
    const clock = new FakeClock();
    const own = new AbortController();
    let t1!: Task<number>;
    let t2!: Task<number>;
    let group!: TaskGroup;
    await clock.run(
      taskGroup(async (tg) => {
        group = tg;
        t1 = tg.spawn(
          async (signal) => {
            await nap(clock, 1000, signal);
            return 42;
          },
          { signal: own.signal, name: 't1' },
        );
        await nap(clock, 150, tg.signal);
        own.abort(new Error('just t1'));
        t2 = tg.spawn(async (signal) => {
          await nap(clock, 200, signal);
          return 11;
        });
      }),
    );
    expect(t1.state).toBe('rejected');
    expect(() => t1.result()).toThrow('just t1');
    expect(t2.result()).toBe(11);
    expect(group.signal.aborted).toBe(false);
    expect(clock.now()).toBe(350);
    expect(listeners(own.signal)).toBe(0);
  });

  it('3. a child throws: siblings and body aborted (catch runs), code after the group never runs, only real errors reported (CPython test_taskgroup_04, test_cancel_children_on_child_error)', async () => {
    const clock = new FakeClock();
    let num = 0;
    let t2Cancel = false;
    let runnerCancel = false;
    let t2!: Task<void>;
    const foo1 = async (signal: AbortSignal): Promise<void> => {
      await nap(clock, 100, signal);
      throw new ZeroDivisionError('1 / 0');
    };
    const runner = async (): Promise<void> => {
      await taskGroup(async (tg) => {
        tg.spawn(foo1);
        tg.spawn(foo1);
        tg.spawn(foo1);
        t2 = tg.spawn(async (signal) => {
          try {
            await nap(clock, 5000, signal);
          } catch (err) {
            t2Cancel = true;
            throw err;
          }
          num += 1;
        });
        try {
          await nap(clock, 10_000, tg.signal);
        } catch (err) {
          runnerCancel = true;
          throw err;
        }
      });
      num += 10;
    };
    const errors = errorsOf(await clock.run(rejectionOf(runner())));
    expect(names(errors)).toEqual(['ZeroDivisionError']);
    expect(errors.every((e) => e instanceof ZeroDivisionError)).toBe(true);
    expect(num).toBe(0);
    expect(t2Cancel).toBe(true);
    expect(runnerCancel).toBe(true);
    expect(t2.state).toBe('rejected');
    expect(clock.now()).toBe(100); // the siblings were aborted, not waited out
    expect(clock.pendingTimers).toBe(0);
  });

  it('4. several children fail at once: the set of error types is right and holds no abort errors (test_cancel_children_on_child_error, comment)', async () => {
    const clock = new FakeClock();
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          for (const Kind of [TypeError, RangeError, TypeError]) {
            tg.spawn(async (signal) => {
              await nap(clock, 100, signal);
              throw new Kind('at once');
            });
          }
          tg.spawn((signal) => nap(clock, 5000, signal));
        }),
      ),
    );
    const errors = errorsOf(err);
    expect(names(errors)).toEqual(['RangeError', 'TypeError']);
    expect(errors.some((e) => e instanceof AbortError)).toBe(false);
  });

  it('5. the body throws, synchronously or after an await: children aborted, body error included (CPython test_taskgroup_09, _10)', async () => {
    for (const afterAwait of [true, false]) {
      const clock = new FakeClock();
      let t1!: Task<number>;
      let t2!: Task<number>;
      const boom = new ZeroDivisionError('1 / 0');
      const body = (tg: TaskGroup): Promise<void> => {
        t1 = tg.spawn(async (signal) => {
          await nap(clock, 1000, signal);
          return 42;
        });
        t2 = tg.spawn(async (signal) => {
          await nap(clock, 2000, signal);
          return 11;
        });
        if (!afterAwait) throw boom; // a plain function throwing before it returns a promise
        return nap(clock, 100, tg.signal).then(() => {
          throw boom;
        });
      };
      const errors = errorsOf(await clock.run(rejectionOf(taskGroup(body))));
      expect(errors).toEqual([boom]);
      expect(t1.state).toBe('rejected');
      expect(t2.state).toBe('rejected');
      expect(() => t1.result()).toThrow(AbortError);
      expect(clock.now()).toBe(afterAwait ? 100 : 0);
    }
  });

  it("6. a parent abort aborts every child; the group rejects with the parent's reason, not an AggregateError (CPython test_cancellation, _07, _17, _22)", async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    let num = 0;
    const reason = new Error('test');
    at(clock, 100, () => parent.abort(reason));
    const p = taskGroup(
      async (tg) => {
        for (let i = 0; i < 5; i++) {
          tg.spawn(async (signal) => {
            try {
              await nap(clock, 5000, signal);
            } catch (err) {
              num += 1;
              throw err;
            }
          });
        }
        try {
          await nap(clock, 10_000, tg.signal);
        } catch (err) {
          num += 10;
          throw err;
        }
      },
      { signal: parent.signal },
    );
    expect(listeners(parent.signal)).toBe(1); // one listener for the group, none per child
    const err = await clock.run(rejectionOf(p));
    expect(err).toBe(reason);
    expect((err as Error).message).toBe('test');
    expect(num).toBe(15);
    expect(clock.now()).toBe(100);

    // _17 (no children, only the body) and _22 (only children) with the default DOMException reason.
    for (const withChildren of [false, true]) {
      const c = new FakeClock();
      const ctl = new AbortController();
      at(c, 50, () => ctl.abort());
      const e = await c.run(
        rejectionOf(
          taskGroup(
            async (tg) => {
              if (withChildren) {
                tg.spawn((signal) => nap(c, 1000, signal));
                tg.spawn((signal) => nap(c, 2000, signal));
              } else {
                await nap(c, 10_000, tg.signal);
              }
            },
            { signal: ctl.signal },
          ),
        ),
      );
      expect(e).toBe(ctl.signal.reason);
      expect((e as Error).name).toBe('AbortError');
      expect(c.now()).toBe(50);
    }
  });

  it('7. outside abort while children throw in cleanup: errors are not swallowed, the group rejects with an AggregateError (CPython _08, _15, _16, _18; cpython PR #95761)', async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    const fromChild = new MyExc('child cleanup');
    const fromBody = new MyExc('body caught the abort');
    at(clock, 100, () => parent.abort(new Error('outside')));
    const err = await clock.run(
      rejectionOf(
        taskGroup(
          async (tg) => {
            tg.spawn(async (signal) => {
              try {
                await nap(clock, 5000, signal);
              } catch {
                throw fromChild;
              }
            });
            tg.spawn((signal) => nap(clock, 5000, signal)); // a plain, well-behaved sibling
            try {
              await nap(clock, 10_000, tg.signal);
            } catch {
              throw fromBody; // "this isn't a good idea, but we have to support this weird case"
            }
          },
          { signal: parent.signal },
        ),
      ),
    );
    const errors = errorsOf(err);
    expect(errors).toHaveLength(2);
    expect(errors).toContain(fromChild);
    expect(errors).toContain(fromBody);
    expect(listeners(parent.signal)).toBe(0);
  });

  it("8. a child catches the abort and throws something else: reported; a body helper's cleanup throwing while a sibling fails: both reported (CPython test_taskgroup_18, _19, _21a)", async () => {
    const clock = new FakeClock();
    const nested = async (signal: AbortSignal): Promise<void> => {
      try {
        await nap(clock, 10_000, signal);
      } catch {
        throw new TypeError('nested cleanup');
      }
    };
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async (signal) => {
            await nap(clock, 100, signal);
            throw new ZeroDivisionError('crash soon');
          });
          tg.spawn(async (signal) => {
            try {
              await nap(clock, 10_000, signal);
            } catch {
              throw new MyExc('caught the abort, threw this');
            }
          });
          await nested(tg.signal);
        }),
      ),
    );
    const errors = errorsOf(err);
    expect(names(errors)).toEqual(['MyExc', 'TypeError', 'ZeroDivisionError']);
    expect(errors).toHaveLength(3);
    expect((errors[0] as Error).name).toBe('ZeroDivisionError'); // the first failure comes first
  });

  it('9. nested groups: an inner failure is one entry of the outer error; an outer failure aborts grandchildren (CPython test_taskgroup_14, _12, _13; trio test_cancel_inheritance)', async () => {
    const crashAfter = async (clock: FakeClock, ms: number, signal: AbortSignal): Promise<never> => {
      await nap(clock, ms, signal);
      throw new ValueError(String(ms));
    };

    // _14: the inner group (in the outer body) fails first.
    const c14 = new FakeClock();
    const e14 = await c14.run(
      rejectionOf(
        taskGroup(async (g1) => {
          g1.spawn((signal) => crashAfter(c14, 10_000, signal));
          await taskGroup(
            async (g2) => {
              g2.spawn((signal) => crashAfter(c14, 100, signal));
            },
            { signal: g1.signal },
          );
        }),
      ),
    );
    const outer = errorsOf(e14);
    expect(outer).toHaveLength(1);
    expect(names(errorsOf(outer[0]))).toEqual(['ValueError']);
    expect(((outer[0] as AggregateError).errors[0] as Error).message).toBe('100');
    expect(c14.now()).toBe(100);

    // _13: the outer group fails first; the grandchild sees the outer abort.
    const c13 = new FakeClock();
    let grandchildSaw: unknown;
    let outerSignal!: AbortSignal;
    const e13 = await c13.run(
      rejectionOf(
        taskGroup(async (g1) => {
          outerSignal = g1.signal;
          g1.spawn((signal) => crashAfter(c13, 100, signal));
          await taskGroup(
            async (g2) => {
              g2.spawn(async (signal) => {
                try {
                  await crashAfter(c13, 10_000, signal);
                } catch (err) {
                  grandchildSaw = err;
                  throw err;
                }
              });
            },
            { signal: g1.signal },
          );
        }),
      ),
    );
    const errors = errorsOf(e13);
    expect(names(errors)).toEqual(['ValueError']);
    expect((errors[0] as Error).message).toBe('100');
    expect(grandchildSaw).toBe(outerSignal.reason);
    expect(c13.now()).toBe(100);
    expect(c13.pendingTimers).toBe(0);
  });

  it('10. both levels fail: each level reports its own error, and no abort leaks to the parent (CPython test_nested_groups_both_cancelled, test_cancelling_level_preserved, test_cancellation_does_not_leak_out_of_tg)', async () => {
    const clock = new FakeClock();
    const root = new AbortController();
    const outerErr = new ValueError('outer');
    const innerErr = new MyExc('inner');
    const err = await clock.run(
      rejectionOf(
        taskGroup(
          async (tg) => {
            tg.spawn(async (signal) => {
              await nap(clock, 100, signal);
              throw outerErr;
            });
            await taskGroup(
              async (inner) => {
                inner.spawn(async (signal) => {
                  try {
                    await nap(clock, 10_000, signal);
                  } catch {
                    throw innerErr;
                  }
                });
              },
              { signal: tg.signal },
            );
          },
          { signal: root.signal },
        ),
      ),
    );
    const errors = errorsOf(err);
    expect(errors[0]).toBe(outerErr);
    expect(errorsOf(errors[1])).toEqual([innerErr]);
    expect(errors).toHaveLength(2);

    // Nothing leaked upward: the root is untouched and still usable.
    expect(root.signal.aborted).toBe(false);
    expect(listeners(root.signal)).toBe(0);
    await clock.run(taskGroup(async (tg) => void tg.spawn((signal) => nap(clock, 10, signal)), { signal: root.signal }));

    // A failure caught inside an enclosing group's body does not abort that group.
    const result = await clock.run(
      taskGroup(async (outerGroup) => {
        const e = await rejectionOf(
          taskGroup(
            async (inner) => {
              inner.spawn(async () => {
                throw new MyExc('handled below');
              });
              await nap(clock, 1000, inner.signal);
            },
            { signal: outerGroup.signal },
          ),
        );
        expect(names(errorsOf(e))).toEqual(['MyExc']);
        expect(outerGroup.signal.aborted).toBe(false);
        await nap(clock, 10, outerGroup.signal);
        return 'outer went on';
      }),
    );
    expect(result).toBe('outer went on');
  });

  it('11. slow async cleanup during cancellation finishes before the group settles (CPython test_taskgroup_15)', async () => {
    const clock = new FakeClock();
    const cleaned: string[] = [];
    const p = taskGroup(async (tg) => {
      tg.spawn(async (signal) => {
        await nap(clock, 300, signal);
        throw new ZeroDivisionError('crash soon');
      });
      tg.spawn(async (signal) => {
        try {
          await nap(clock, 10_000, signal);
        } catch (err) {
          await nap(clock, 500); // cleanup outlives the abort on purpose
          cleaned.push('child');
          throw err;
        }
      });
      try {
        await nap(clock, 10_000, tg.signal);
      } catch (err) {
        await nap(clock, 200);
        cleaned.push('body');
        throw err;
      }
    });
    let settledAt = -1;
    const watched = p.finally(() => {
      settledAt = clock.now();
    });
    const errors = errorsOf(await clock.run(rejectionOf(watched)));
    expect(names(errors)).toEqual(['ZeroDivisionError']);
    expect(cleaned).toEqual(['body', 'child']);
    expect(settledAt).toBe(800);
  });

  it('12. a child that ignores the abort is still awaited (CPython test_taskgroup_15; effection "halts when child finishes during asynchronous halt")', async () => {
    const clock = new FakeClock();
    let stubborn!: Task<string>;
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async (signal) => {
            await nap(clock, 100, signal);
            throw new MyExc('boom');
          });
          stubborn = tg.spawn(async () => {
            await nap(clock, 1000); // never looks at its signal
            return 'finished anyway';
          });
        }),
      ),
    );
    expect(names(errorsOf(err))).toEqual(['MyExc']);
    expect(clock.now()).toBe(1000);
    expect(stubborn.result()).toBe('finished anyway');

    // A parent abort does not bound it either: cancellation is cooperative.
    const c = new FakeClock();
    const parent = new AbortController();
    at(c, 100, () => parent.abort(new Error('outside')));
    const e = await c.run(rejectionOf(taskGroup(async (tg) => void tg.spawn(() => nap(c, 1000)), { signal: parent.signal })));
    expect((e as Error).message).toBe('outside');
    expect(c.now()).toBe(1000);
  });

  it('13. children spawning into the same group are all awaited; a failure stops the spawning (CPython test_taskgroup_24, _25 "hydra")', async () => {
    // _24
    const c24 = new FakeClock();
    let done = 0;
    await c24.run(
      taskGroup(async (g) => {
        g.spawn(async (signal) => {
          await nap(c24, 100, signal);
          for (const ms of [100, 200]) g.spawn((s) => nap(c24, ms, s).then(() => void done++));
        });
      }),
    );
    expect(done).toBe(2);
    expect(c24.now()).toBe(300);

    // _25: hydras do not look at the abort, so they reach spawn() after the failure.
    const clock = new FakeClock();
    let nhydras = 0;
    let startedAborted = 0;
    let refused = 0;
    const hydra = async (g: TaskGroup, signal: AbortSignal): Promise<void> => {
      nhydras += 1;
      if (signal.aborted) startedAborted += 1;
      await nap(clock, 10);
      try {
        g.spawn((s) => hydra(g, s));
        g.spawn((s) => hydra(g, s));
      } catch (err) {
        refused += 1;
        throw err;
      }
    };
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (g) => {
          g.spawn((s) => hydra(g, s));
          g.spawn(async (signal) => {
            while (nhydras < 10) await nap(clock, 15, signal);
            throw new ZeroDivisionError('hercules');
          });
        }),
      ),
    );
    expect(errorsOf(err).map((e) => (e as Error).name)).toEqual(['ZeroDivisionError']);
    expect(nhydras).toBeGreaterThanOrEqual(10);
    expect(startedAborted).toBe(0);
    expect(refused).toBeGreaterThan(0); // hydras woke after the failure, and spawn() refused them
    expect(clock.pendingTimers).toBe(0);
  });

  it('14. spawn() once failure handling has started throws an AbortError without calling fn (CPython test_taskgroup_no_create_task_after_failure; not trio\'s "start then cancel")', async () => {
    const clock = new FakeClock();
    const boom = new MyExc('first');
    let called = false;
    let thrown: unknown;
    let stateThen: string | undefined;
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async (signal) => {
            await nap(clock, 100, signal);
            throw boom;
          });
          await nap(clock, 200); // the body ignores the abort ...
          stateThen = tg.state;
          try {
            tg.spawn(async () => {
              called = true;
            });
          } catch (e) {
            thrown = e;
            throw e; // ... and its spawn error unwinds it as a cancellation, not a failure
          }
        }),
      ),
    );
    expect(stateThen).toBe('aborting');
    expect(called).toBe(false);
    expect(thrown).toBeInstanceOf(AbortError);
    expect((thrown as Error).message).toMatch(/TaskGroup is aborting: cannot spawn/);
    expect(((thrown as Error).cause as Error).cause).toBe(boom);
    expect(errorsOf(err)).toEqual([boom]);
  });

  it('15. lifecycle: spawn after the group finished throws, exiting twice throws, a constructed group is already entered, spawning while exit waits is allowed (CPython test_taskgroup_finished, _not_entered, _double_enter; trio test_nursery_closure)', async () => {
    const clock = new FakeClock();
    let kept!: TaskGroup;
    await clock.run(
      taskGroup(async (tg) => {
        kept = tg;
        tg.spawn((signal) => nap(clock, 10, signal));
      }),
    );
    let called = false;
    expect(kept.state).toBe('closed');
    expect(() =>
      kept.spawn(async () => {
        called = true;
      }),
    ).toThrow(/TaskGroup is already closed: cannot spawn a task/);
    expect(() => kept.spawn(async () => {}, { name: 'late' })).toThrow("cannot spawn 'late'");
    expect(called).toBe(false);

    // No separate "enter": a new group spawns at once, and exit may run once.
    const tg = new TaskGroup();
    expect(tg.state).toBe('open');
    const first = tg.spawn(async (signal) => {
      await nap(clock, 100, signal);
      tg.spawn((s) => nap(clock, 50, s)); // spawned by a child while exit waits
    });
    const exit = tg[Symbol.asyncDispose]();
    expect(tg.state).toBe('closing');
    const late = tg.spawn((signal) => nap(clock, 120, signal)); // spawned from outside while exit waits
    await expect(tg[Symbol.asyncDispose]()).rejects.toThrow(/already exiting \(state: closing\)/);
    await clock.run(exit);
    expect(clock.now()).toBe(160);
    expect(first.state).toBe('fulfilled');
    expect(late.state).toBe('fulfilled');
    expect(tg.state).toBe('closed');
    await expect(tg[Symbol.asyncDispose]()).rejects.toThrow(/already exiting \(state: closed\)/);
  });

  it("16. a disposable's dispose throws while a child also fails: both are reported (CPython test_taskgroup_context_manager_exit_raises; cpython#95289)", async () => {
    const clock = new FakeClock();
    const childErr = new MyExc('raise_exc');
    const disposeErr = new MyExc('database exit');
    const database = (): AsyncDisposable => ({
      [Symbol.asyncDispose]: () => Promise.reject(disposeErr),
    });
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          await using _db = database();
          tg.spawn(async () => {
            throw childErr;
          });
          await nap(clock, 1000, tg.signal);
        }),
      ),
    );
    const errors = errorsOf(err);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(childErr);
    // The runtime pairs the dispose error with the body's abort (assert by name on Node 20).
    const suppressed = errors[1] as { name: string; error: unknown; suppressed: unknown };
    expect(suppressed.name).toBe('SuppressedError');
    expect(suppressed.error).toBe(disposeErr);
    expect((suppressed.suppressed as Error).name).toBe('AbortError');
  });

  it('17. a child that spawns a sibling which fails synchronously is still aborted (CPython test_cancels_task_if_created_during_creation, gh-128550)', async () => {
    const clock = new FakeClock();
    const third = (): Promise<never> => {
      throw new MyExc('third task failed'); // throws before returning a promise
    };
    let ran = false;
    let sawAbort: unknown;
    let bodySpawnAfter: Task<void> | undefined;
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async (signal) => {
            const t = tg.spawn(third);
            expect(t.state).toBe('pending'); // handled after spawn returns, as asyncio does
            try {
              await nap(clock, 0, signal);
              await nap(clock, 0, signal);
            } catch (e) {
              sawAbort = e;
            }
            ran = true;
          });
          tg.spawn(third);
          // Still allowed: the synchronous failure is handled after this line, so the
          // body's own spawns do not turn into errors of their own.
          bodySpawnAfter = tg.spawn((signal) => nap(clock, 1000, signal));
        }),
      ),
    );
    expect(ran).toBe(true);
    expect(sawAbort).toBeInstanceOf(AbortError);
    expect(names(errorsOf(err))).toEqual(['MyExc']);
    expect(errorsOf(err)).toHaveLength(2);
    expect(bodySpawnAfter?.state).toBe('rejected');
    expect(clock.now()).toBe(0);
  });

  it('18. finished children are released while the group lives, and the group keeps no list of errors after it settles (CPython test_taskgroup_23, test_exception_refcycles_*)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const clock = new FakeClock();
    const tg = new TaskGroup();
    tg.spawn((signal) => nap(clock, 1000, signal)); // keeps the group open
    const refs = spawnFinishers(tg, clock, 50);
    await clock.advance(100);
    await flush();
    gc();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    expect(tg.state).toBe('open');
    tg.cancel();
    await clock.run(tg[Symbol.asyncDispose]());

    // Only the first failure stays reachable (as the cause of signal.reason, item 20).
    const failing = new TaskGroup();
    const second = spawnTwoFailures(failing, clock);
    let outcome: unknown = await clock.run(rejectionOf(failing[Symbol.asyncDispose]()));
    const reported = (outcome as AggregateError).errors.length === 2 && (outcome as AggregateError).errors[1] === second.deref();
    expect(reported).toBe(true);
    outcome = undefined;
    await flush();
    gc();
    expect(second.deref()).toBeUndefined();
    expect(failing.state).toBe('closed');
    expect(((failing.signal.reason as Error).cause as Error).message).toBe('first');
  });

  it('19. the group always rejects with an AggregateError, even for a single failure (trio test_nursery_explicit_exception)', async () => {
    const clock = new FakeClock();
    const boom = new MyExc('only one');
    const fromChild = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async () => {
            throw boom;
          });
        }),
      ),
    );
    expect(errorsOf(fromChild)).toEqual([boom]);
    expect((fromChild as Error).message).toBe('TaskGroup failed: 1 task failed; first: MyExc: only one');

    const fromBody = await clock.run(
      rejectionOf(
        taskGroup(async () => {
          throw boom;
        }),
      ),
    );
    expect(errorsOf(fromBody)).toEqual([boom]);
  });

  it("20. the siblings' signal.reason names the first failure and has it as cause; later aborts don't overwrite it (trio test_cancel_reason_nursery*, _not_overwritten*)", async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    const first = new Error('boom');
    const seen: unknown[] = [];
    let group!: TaskGroup;
    at(clock, 150, () => parent.abort(new Error('parent, later')));
    at(clock, 160, () => group.cancel(new Error('cancel, later')));
    const err = await clock.run(
      rejectionOf(
        taskGroup(
          async (tg) => {
            group = tg;
            tg.spawn(
              async (signal) => {
                await nap(clock, 100, signal);
                throw first;
              },
              { name: 'first' },
            );
            tg.spawn(async () => {
              await nap(clock, 200);
              throw new Error('second, while aborting');
            });
            for (let i = 0; i < 2; i++) {
              tg.spawn(async (signal) => {
                try {
                  await nap(clock, 10_000, signal);
                } catch (e) {
                  seen.push(e);
                  throw e;
                }
              });
            }
          },
          { signal: parent.signal },
        ),
      ),
    );
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    const reason = seen[0] as AbortError;
    expect(reason).toBeInstanceOf(AbortError);
    expect(reason.name).toBe('AbortError');
    expect(reason.message).toBe("TaskGroup aborted because task 'first' failed: Error: boom");
    expect(reason.cause).toBe(first);
    expect(group.signal.reason).toBe(reason); // neither the parent nor cancel() replaced it
    expect(errorsOf(err).map((e) => (e as Error).message)).toEqual(['boom', 'second, while aborting']);

    // The body's failure is named as such.
    const c = new FakeClock();
    let bodyReason: unknown;
    await c.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async (signal) => {
            await nap(c, 100, signal).catch(() => {
              bodyReason = signal.reason;
            });
          });
          throw new Error('body broke');
        }),
      ),
    );
    expect((bodyReason as Error).message).toBe('TaskGroup aborted because the body failed: Error: body broke');
  });

  it('21. no unhandledRejection in any order of failures, with tasks never awaited (p-map "no unhandled rejected promises")', async () => {
    const kinds = ['sync', 'now', 'later', 'unwinding'] as const;
    const make = (clock: FakeClock, kind: (typeof kinds)[number]) => (signal: AbortSignal): Promise<void> => {
      if (kind === 'sync') throw new MyExc(kind);
      if (kind === 'now') return Promise.reject(new MyExc(kind));
      if (kind === 'later') return nap(clock, 10).then(() => Promise.reject(new MyExc(kind)));
      return nap(clock, 1000, signal).catch(() => Promise.reject(new MyExc(kind)));
    };
    const orders = permutations([...kinds]);
    expect(orders).toHaveLength(24);
    for (const order of orders) {
      const clock = new FakeClock();
      const err = await clock.run(
        rejectionOf(
          taskGroup(async (tg) => {
            for (const kind of order) tg.spawn(make(clock, kind));
          }),
        ),
      );
      expect(names(errorsOf(err))).toEqual(['MyExc']);
      expect(errorsOf(err)).toHaveLength(4);
    }
    // A group that is never exited still handles its children's failures.
    const clock = new FakeClock();
    const abandoned = new TaskGroup();
    for (const kind of kinds) abandoned.spawn(make(clock, kind));
    await clock.runAll();
    expect(abandoned.state).toBe('aborting');
    await flush();
    expect(unhandled).toEqual([]);
  });
});

describe('TaskGroup: await using', () => {
  it('waits for every child when the block ends', async () => {
    const clock = new FakeClock();
    let t!: Task<number>;
    const block = async (): Promise<void> => {
      await using tg = new TaskGroup();
      t = tg.spawn(async (signal) => {
        await nap(clock, 100, signal);
        return 7;
      });
    };
    await clock.run(block());
    expect(clock.now()).toBe(100);
    expect(t.result()).toBe(7);
  });

  it("throws the group's AggregateError when a child fails", async () => {
    const clock = new FakeClock();
    const boom = new MyExc('child');
    const block = async (): Promise<void> => {
      await using tg = new TaskGroup();
      tg.spawn(async () => {
        throw boom;
      });
      tg.spawn((signal) => nap(clock, 1000, signal));
    };
    const err = await clock.run(rejectionOf(block()));
    expect(errorsOf(err)).toEqual([boom]);
    expect(clock.now()).toBe(0);
  });

  it('a block that throws: the group cannot see it (documented caveat); with a child failure both arrive in a SuppressedError', async () => {
    const clock = new FakeClock();
    const blockErr = new ValueError('block');
    const alone = async (): Promise<void> => {
      await using tg = new TaskGroup();
      tg.spawn((signal) => nap(clock, 100, signal));
      throw blockErr;
    };
    expect(await clock.run(rejectionOf(alone()))).toBe(blockErr);
    expect(clock.now()).toBe(100); // the child was not aborted: dispose is not told about the error

    const childErr = new MyExc('child');
    const both = async (): Promise<void> => {
      await using tg = new TaskGroup();
      tg.spawn(async () => {
        throw childErr;
      });
      throw blockErr;
    };
    const err = (await clock.run(rejectionOf(both()))) as { name: string; error: unknown; suppressed: unknown };
    expect(err.name).toBe('SuppressedError');
    expect(errorsOf(err.error)).toEqual([childErr]);
    expect(err.suppressed).toBe(blockErr);
  });
});

describe('TaskGroup: cancel()', () => {
  it('a child cancels the group: a clean exit, siblings aborted, the body value kept', async () => {
    const clock = new FakeClock();
    const seen: unknown[] = [];
    const value = await clock.run(
      taskGroup(async (tg) => {
        for (const ms of [300, 100, 200]) {
          tg.spawn(async (signal) => {
            try {
              await nap(clock, ms, signal);
            } catch (e) {
              seen.push(e);
              throw e;
            }
            tg.cancel(); // found it: stop the others
            return ms;
          });
        }
        return 'searched';
      }),
    );
    expect(value).toBe('searched');
    expect(clock.now()).toBe(100);
    expect(seen).toHaveLength(2);
    expect((seen[0] as Error).name).toBe('AbortError');
    expect((seen[0] as Error).message).toBe('TaskGroup cancelled');
  });

  it('interrupting the body resolves undefined; idempotent; first reason kept; no-op once closed', async () => {
    const clock = new FakeClock();
    let group!: TaskGroup;
    const first = new Error('first reason');
    at(clock, 50, () => {
      group.cancel(first);
      group.cancel(new Error('second reason'));
      group.cancel();
    });
    const value = await clock.run(
      taskGroup(async (tg) => {
        group = tg;
        tg.spawn((signal) => nap(clock, 1000, signal));
        await nap(clock, 1000, tg.signal);
        return 'unreachable';
      }),
    );
    expect(value).toBeUndefined();
    expect(group.signal.reason).toBe(first);
    expect(group.state).toBe('closed');
    expect(() => group.cancel()).not.toThrow();
    expect(group.state).toBe('closed');
    expect(clock.now()).toBe(50);
  });

  it('real errors while unwinding still fail the group; a later parent abort still rejects with its reason', async () => {
    const clock = new FakeClock();
    const cleanupErr = new MyExc('cleanup');
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          tg.spawn(async (signal) => {
            await nap(clock, 1000, signal).catch(() => Promise.reject(cleanupErr));
          });
          tg.cancel();
        }),
      ),
    );
    expect(errorsOf(err)).toEqual([cleanupErr]);

    const parent = new AbortController();
    const reason = new Error('parent');
    const e = await clock.run(
      rejectionOf(
        taskGroup(
          async (tg) => {
            tg.spawn(() => nap(clock, 100)); // ignores aborts, so the parent's comes while exit waits
            tg.cancel();
            at(clock, clock.now() + 50, () => parent.abort(reason));
          },
          { signal: parent.signal },
        ),
      ),
    );
    expect(e).toBe(reason);
  });
});

describe('TaskGroup: lifecycle, signals and timers', () => {
  it('state goes open -> closing -> closed, or open -> aborting -> closed, and closing -> aborting on a parent abort', async () => {
    const clock = new FakeClock();
    const tg = new TaskGroup();
    const states: string[] = [tg.state];
    tg.spawn(async (signal) => {
      await nap(clock, 10, signal);
      states.push(tg.state);
    });
    const exit = tg[Symbol.asyncDispose]();
    states.push(tg.state);
    await clock.run(exit);
    states.push(tg.state);
    expect(states).toEqual(['open', 'closing', 'closing', 'closed']);

    const failing = new TaskGroup();
    failing.spawn(async () => {
      throw new MyExc('x');
    });
    await flush();
    expect(failing.state).toBe('aborting');
    await rejectionOf(failing[Symbol.asyncDispose]());
    expect(failing.state).toBe('closed');

    const parent = new AbortController();
    const child = new TaskGroup({ signal: parent.signal });
    child.spawn(() => nap(clock, 100));
    const childExit = rejectionOf(child[Symbol.asyncDispose]());
    expect(child.state).toBe('closing');
    parent.abort(new Error('during exit'));
    expect(child.state).toBe('aborting');
    expect(child.signal.reason).toBe(parent.signal.reason);
    expect(((await clock.run(childExit)) as Error).message).toBe('during exit');
    expect(child.state).toBe('closed');
  });

  it('an already-aborted parent: taskGroup rejects with its reason without calling the body; a new TaskGroup starts out aborting', async () => {
    const parent = new AbortController();
    parent.abort(new Error('too late'));
    let called = false;
    const err = await rejectionOf(
      taskGroup(
        async () => {
          called = true;
        },
        { signal: parent.signal },
      ),
    );
    expect(err).toBe(parent.signal.reason);
    expect(called).toBe(false);

    const tg = new TaskGroup({ signal: parent.signal });
    expect(tg.state).toBe('aborting');
    expect(tg.signal.reason).toBe(parent.signal.reason);
    expect(() => tg.spawn(async () => {})).toThrow(AbortError);
    expect(await rejectionOf(tg[Symbol.asyncDispose]())).toBe(parent.signal.reason);
    expect(listeners(parent.signal)).toBe(0);
  });

  it('one listener on the parent signal whatever the child count, and none once the group settles, on every path', async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    const paths: Record<string, (tg: TaskGroup) => Promise<void>> = {
      success: async () => {},
      failure: async () => {
        throw new MyExc('body');
      },
      cancel: async (tg) => tg.cancel(),
    };
    for (const [path, tail] of Object.entries(paths)) {
      const p = taskGroup(
        async (tg) => {
          for (let i = 0; i < 100; i++) tg.spawn((signal) => nap(clock, 10, signal));
          expect(listeners(parent.signal)).toBe(1);
          expect(listeners(tg.signal)).toBe(1); // sleep's shared onAbort registry
          await tail(tg);
        },
        { signal: parent.signal },
      );
      expect(await clock.run(p.then(() => 'ok', () => 'failed'))).toBe(path === 'failure' ? 'failed' : 'ok');
      expect(listeners(parent.signal), path).toBe(0);
      expect(clock.pendingTimers, path).toBe(0);
    }
  });

  it('a per-task signal: derived cheaply, cleaned up, pre-aborted means never started, and only its own reason is a cancellation', async () => {
    const clock = new FakeClock();
    const own = new AbortController();
    const pre = new AbortController();
    pre.abort(new Error('before start'));
    let preCalled = false;
    let group!: TaskGroup;
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          group = tg;
          const t = tg.spawn((signal) => nap(clock, 100, signal), { signal: own.signal });
          expect(listeners(own.signal)).toBe(1);
          await t;
          expect(listeners(own.signal)).toBe(0);
          expect(listeners(tg.signal)).toBe(0);

          const never = tg.spawn(
            async () => {
              preCalled = true;
            },
            { signal: pre.signal },
          );
          await never.then(undefined, () => {});
          expect(never.state).toBe('rejected');

          // Aborted by its own signal but failing with something else: a real failure.
          const other = new AbortController();
          tg.spawn(
            async (signal) => {
              await nap(clock, 1000, signal).catch(() => Promise.reject(new MyExc('not a cancellation')));
            },
            { signal: other.signal },
          );
          other.abort(new Error('stop'));
          await nap(clock, 1000, tg.signal);
        }),
      ),
    );
    expect(preCalled).toBe(false);
    expect(names(errorsOf(err))).toEqual(['MyExc']);
    expect(group.state).toBe('closed');
  });

  it('a child that wraps the abort in its own AbortError (as timers/promises does) is a cancellation, not a failure', async () => {
    const clock = new FakeClock();
    const boom = new MyExc('real');
    let waiter!: Task<void>;
    let group!: TaskGroup;
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          group = tg;
          waiter = tg.spawn(async (signal) => {
            // Rejects with its own AbortError, the reason only as `cause`; the real timer is
            // cleared by the abort that the sibling's failure causes at once.
            await setTimeoutPromise(60_000, undefined, { signal });
          });
          tg.spawn(async () => {
            throw boom;
          });
        }),
      ),
    );
    expect(errorsOf(err)).toEqual([boom]);
    const wrapped = await rejectionOf(waiter);
    expect(wrapped).not.toBe(group.signal.reason);
    expect((wrapped as Error).name).toBe('AbortError');
    expect((wrapped as Error).cause).toBe(group.signal.reason);
  });
});

describe('Task', () => {
  it('is awaitable, named, and reports its state and result like asyncio.Task', async () => {
    const clock = new FakeClock();
    await clock.run(
      taskGroup(async (tg) => {
        const a = tg.spawn(async (signal) => {
          await nap(clock, 10, signal);
          return 'a';
        });
        const b = tg.spawn(async () => 'b', { name: 'bee' });
        expect(a.name).toMatch(/^Task-\d+$/);
        expect(tg.spawn(async () => 0).name).not.toBe(a.name);
        expect(b.name).toBe('bee');
        expect(a.state).toBe('pending');
        expect(() => a.result()).toThrow(/Task 'Task-\d+' is still pending/);
        expect(await a).toBe('a');
        expect(a.state).toBe('fulfilled');
        expect(a.result()).toBe('a');
        expect(await b.then((v) => v.toUpperCase())).toBe('B');
      }),
    );
    const boom = new MyExc('awaited');
    let failed!: Task<never>;
    const err = await clock.run(
      rejectionOf(
        taskGroup(async (tg) => {
          failed = tg.spawn(async () => {
            throw boom;
          });
          expect(await rejectionOf(failed)).toBe(boom);
        }),
      ),
    );
    expect(errorsOf(err)).toEqual([boom]);
    expect(() => failed.result()).toThrow(boom);
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Spawns children that finish at 10 ms; returns weak references to each task and its value. */
function spawnFinishers(tg: TaskGroup, clock: FakeClock, n: number): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < n; i++) {
    const value = { payload: new Array<number>(1000).fill(i) };
    const task = tg.spawn(async (signal) => {
      await nap(clock, 10, signal);
      return value;
    });
    refs.push(new WeakRef(task), new WeakRef(value));
  }
  return refs;
}

/** A child failing at 10 ms, then one failing at 20 ms while the group aborts; returns a weak ref to the second error. */
function spawnTwoFailures(tg: TaskGroup, clock: FakeClock): WeakRef<Error> {
  const second = new MyExc('second');
  const ref = new WeakRef(second);
  let held: MyExc | undefined = second;
  tg.spawn(async (signal) => {
    await nap(clock, 10, signal);
    throw new MyExc('first');
  });
  tg.spawn(async () => {
    await nap(clock, 20);
    const e = held!;
    held = undefined;
    throw e;
  });
  return ref;
}
