import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taskGroup } from '../../src/core/task-group.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

/**
 * Race tests (reliability_anchors "Race testing with fc.scheduler"): the scheduler picks
 * the order in which every task's awaits resolve, and shrinks a failing order to a
 * replayable one. Tasks check their signal after each await, like a checkpoint.
 */

interface Spec {
  steps: number;
  fails: boolean;
  /** The body awaits once before spawning this one, so it may come after a failure. */
  spawnLater: boolean;
  /** On seeing the abort it throws an error of its own (a failing cleanup) instead of the reason. */
  failsUnwinding: boolean;
}

const specArb = fc.array(
  fc.record({
    steps: fc.integer({ min: 1, max: 3 }),
    fails: fc.boolean(),
    spawnLater: fc.boolean(),
    failsUnwinding: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

interface Run {
  seq: number;
  abortSeq: number | undefined;
  started: Set<number>;
  ends: Map<number, { seq: number; kind: 'ok' | 'failed' | 'cancelled' | 'unwound' }>;
  thrown: Set<Error>;
  spawnRefused: number;
}

/** Spawns the children described by `specs`, each awaiting the scheduler `steps` times. */
function body(s: fc.Scheduler, specs: Spec[], run: Run) {
  return async (tg: Parameters<Parameters<typeof taskGroup>[0]>[0]): Promise<void> => {
    tg.signal.addEventListener('abort', () => (run.abortSeq = run.seq++), { once: true });
    for (const [i, spec] of specs.entries()) {
      if (spec.spawnLater) await s.schedule(Promise.resolve(`body before ${i}`));
      try {
        tg.spawn(async (signal) => {
          run.started.add(i);
          for (let k = 0; k < spec.steps; k++) {
            await s.schedule(Promise.resolve(i));
            if (signal.aborted) {
              if (spec.failsUnwinding) {
                const err = new Error(`task ${i} cleanup`);
                run.thrown.add(err);
                run.ends.set(i, { seq: run.seq++, kind: 'unwound' });
                throw err;
              }
              run.ends.set(i, { seq: run.seq++, kind: 'cancelled' });
              throw signal.reason;
            }
          }
          if (spec.fails) {
            const err = new Error(`task ${i}`);
            run.thrown.add(err);
            run.ends.set(i, { seq: run.seq++, kind: 'failed' });
            throw err;
          }
          run.ends.set(i, { seq: run.seq++, kind: 'ok' });
        });
      } catch (err) {
        run.spawnRefused++;
        throw err; // an AbortError: the body unwinds as cancelled, not failed
      }
    }
  };
}

const newRun = (): Run => ({ seq: 0, abortSeq: undefined, started: new Set(), ends: new Map(), thrown: new Set(), spawnRefused: 0 });

type Settled = { ok: true } | { ok: false; error: unknown };
const outcomeOf = (p: Promise<unknown>): Promise<Settled> =>
  p.then(
    () => ({ ok: true }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );

failOnUnhandledRejections();

describe('TaskGroup under every release order (fc.scheduler)', () => {
  it('nothing completes after the group settles, every running sibling saw the abort, and the errors are exactly the failing children that started', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), specArb, async (s, specs) => {
        const run = newRun();
        const outcome = await s.waitFor(outcomeOf(taskGroup(body(s, specs, run))));
        const settledSeq = run.seq++;
        await s.waitIdle();
        expect(s.count()).toBe(0);

        // Nothing completes after the group has settled: every start has its end before it.
        expect([...run.ends.keys()].sort()).toEqual([...run.started].sort());
        for (const end of run.ends.values()) expect(end.seq).toBeLessThan(settledSeq);

        // The first failure aborts at once: every child still running then saw the abort at
        // its next await, and none finished its work (or failed) after it.
        const firstFailure = Math.min(...[...run.ends.values()].filter((e) => e.kind === 'failed').map((e) => e.seq));
        for (const end of run.ends.values()) {
          if (end.seq > firstFailure) expect(['cancelled', 'unwound']).toContain(end.kind);
          if (end.kind === 'cancelled' || end.kind === 'unwound') expect(run.abortSeq).toBeLessThan(end.seq);
        }
        if (Number.isFinite(firstFailure)) expect(run.abortSeq).toBe(firstFailure + 1);

        // The errors are exactly the failures of children that started, and only those.
        if (run.thrown.size === 0) {
          expect(outcome).toEqual({ ok: true });
          expect(firstFailure).toBe(Infinity);
          expect(run.abortSeq).toBeUndefined();
          expect(run.started.size).toBe(specs.length);
        } else {
          expect(outcome.ok).toBe(false);
          const { error } = outcome as { error: unknown };
          expect(error).toBeInstanceOf(AggregateError);
          expect(new Set((error as AggregateError).errors)).toEqual(run.thrown);
          expect((error as AggregateError).errors).toHaveLength(run.thrown.size);
          // Children the body tried to spawn after the failure never started.
          expect(run.started.size + run.spawnRefused).toBeLessThanOrEqual(specs.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a parent abort or cancel() at any point: the outcome follows asyncio (errors beat the parent reason, cancel is clean) and no listener is left', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), specArb, fc.boolean(), fc.boolean(), async (s, specs, withParent, withCancel) => {
        const run = newRun();
        const parent = new AbortController();
        const reason = new Error('parent');
        let parentAbortedWhileOpen = false;
        const group = taskGroup(
          async (tg) => {
            if (withParent) {
              void s.schedule(Promise.resolve('parent abort')).then(() => {
                parentAbortedWhileOpen = tg.state !== 'closed';
                parent.abort(reason);
              });
            }
            if (withCancel) void s.schedule(Promise.resolve('cancel')).then(() => tg.cancel());
            await body(s, specs, run)(tg);
          },
          { signal: parent.signal },
        );
        const outcome = await s.waitFor(outcomeOf(group));
        await s.waitIdle();

        if (run.thrown.size > 0) {
          expect(outcome.ok).toBe(false);
          expect(new Set(((outcome as { error: unknown }).error as AggregateError).errors)).toEqual(run.thrown);
        } else if (parentAbortedWhileOpen) {
          expect(outcome).toEqual({ ok: false, error: reason });
        } else {
          expect(outcome).toEqual({ ok: true });
        }
        for (const end of run.ends.values()) {
          if (run.abortSeq !== undefined && end.seq > run.abortSeq) expect(['cancelled', 'unwound']).toContain(end.kind);
        }
        expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
      }),
      { numRuns: 200 },
    );
  });
});
