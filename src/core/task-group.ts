import { onAbort } from './abort.js';
import { startChild } from './child.js';
import { AbortError, errorLine, isAbortError } from './errors.js';

/**
 * Where a {@link TaskGroup} is in its life:
 * - `open`: the body runs and tasks may be spawned;
 * - `closing`: the body is done and the group waits for its tasks (they may still spawn);
 * - `aborting`: a task failed, the body failed, `cancel()` was called or the parent
 *   signal aborted; `signal` is aborted and spawning throws;
 * - `closed`: every task has settled; the group's outcome is fixed.
 *
 * @example
 * const tg = new TaskGroup();
 * tg.state; // 'open'
 */
export type TaskGroupState = 'open' | 'aborting' | 'closing' | 'closed';

/**
 * A child of a {@link TaskGroup}: awaitable like the promise it wraps, plus a name and
 * a synchronous view of its outcome.
 *
 * @example
 * const t = tg.spawn(async () => 42, { name: 'answer' });
 * await t;            // 42
 * t.result();         // 42 once fulfilled; throws its error if it rejected
 */
export interface Task<T> extends PromiseLike<T> {
  /** The name given at spawn, or `Task-<n>` like asyncio's default names. */
  readonly name: string;
  /** `rejected` covers failures and cancellations alike, as the awaited promise does. */
  readonly state: 'pending' | 'fulfilled' | 'rejected';
  /** The value once fulfilled; throws (the error / "still pending") otherwise, like asyncio's Task.result(). */
  result(): T;
}

/**
 * Options for {@link TaskGroup.spawn}.
 *
 * @example
 * const own = new AbortController();
 * tg.spawn((signal) => sleep(1000, { signal }), { name: 'slow', signal: own.signal });
 * own.abort(); // cancels 'slow' only; the group goes on
 */
export interface SpawnOptions {
  /** Shown in the task's `name` and in the abort reason its failure gives the siblings. */
  name?: string;
  /**
   * Cancels just this task: the task receives a signal that aborts when either this one
   * or the group's does. If the task then rejects with this signal's reason, that is a
   * cancellation, not a group failure (asyncio's `task.cancel()` on one child).
   */
  signal?: AbortSignal;
}

/**
 * Options for {@link TaskGroup} and {@link taskGroup}.
 *
 * @example
 * await taskGroup(async (tg) => { tg.spawn(work); }, { signal: AbortSignal.timeout(5000) });
 */
export interface TaskGroupOptions {
  /**
   * The parent's signal: its abort aborts every child at once (trio's rule; asyncio would
   * wait for the body to leave, see {@link TaskGroup}) and the group rejects with its reason.
   */
  signal?: AbortSignal;
}

/** How the group's body ended. */
type BodyResult = { ok: true } | { ok: false; error: unknown };

let nextTaskId = 1;

/** The task a group hands out; only the group settles it. */
class GroupTask<T> implements Task<T> {
  /** The child's own promise; the group attaches its one handler here. */
  readonly promise: Promise<T>;
  /** The group, until the task settles: the `this` of the group's handlers finds it here. */
  group: TaskGroup | undefined;
  // A number until someone asks: a million unnamed tasks should not build a million strings.
  readonly #name: string | number;
  #state: Task<T>['state'] = 'pending';
  #outcome: unknown;

  constructor(promise: Promise<T>, name: string | undefined, group: TaskGroup) {
    this.promise = promise;
    this.group = group;
    this.#name = name ?? nextTaskId++;
  }

  get name(): string {
    return typeof this.#name === 'string' ? this.#name : `Task-${this.#name}`;
  }

  get state(): Task<T>['state'] {
    return this.#state;
  }

  result(): T {
    if (this.#state === 'fulfilled') return this.#outcome as T;
    if (this.#state === 'rejected') throw this.#outcome;
    throw new Error(`Task '${this.name}' is still pending: result() needs a settled task`);
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.promise.then(onfulfilled, onrejected);
  }

  settle(state: 'fulfilled' | 'rejected', outcome: unknown): void {
    this.#state = state;
    this.#outcome = outcome;
    this.group = undefined;
  }
}

/**
 * Lets taskGroup() close a group with the body's outcome, which `asyncDispose` cannot see.
 * Not a speed trick: the class's static block hands this module its private `#exit`, so
 * closing with an outcome stays out of TaskGroup's public API (a public `exit` would be
 * callable twice, or mid-body, by anyone).
 */
let exitGroup: (tg: TaskGroup, body: BodyResult) => Promise<void>;

/**
 * asyncio's TaskGroup (and trio's nursery) for promises: a scope that owns the tasks
 * spawned into it and does not end before every one of them has settled.
 *
 * - The first failure (a task's, or the body's when used through {@link taskGroup})
 *   aborts {@link TaskGroup.signal}: every sibling and the body see it, with an
 *   `AbortError` reason that names that failure and has it as `cause`.
 * - Exit waits for every task, then throws an `AggregateError` of the real failures only
 *   (never the siblings' abort errors), even for a single failure.
 * - A parent abort aborts every task; exit then throws the parent's reason, unless tasks
 *   threw real errors while unwinding, which are reported as an `AggregateError`.
 *   This is trio's rule, not asyncio's: asyncio interrupts only the body and cancels the
 *   children when the body leaves the block, so cleanup in the body (draining a queue, a
 *   last flush) can still rely on them. It is kept deliberately. asyncio can interrupt
 *   one task because its cancellation is a one-shot exception thrown into that task's
 *   current await; here cancellation is a signal, which stays aborted (as trio's scopes
 *   stay cancelled), and the body and the children share the group's one signal. Giving
 *   the body a signal the parent aborts and the children another one that aborts only
 *   when the body leaves would make a child that closes over `tg.signal` behave unlike
 *   one using its own argument, and add a state that is cancelled yet still spawning.
 *   One scope that cancels everything inside it at once is trio's and Effection's model,
 *   and what {@link timeout} scopes do too. Cleanup that needs the children works by
 *   keeping them out of the parent's reach: only the producer listens to the parent's
 *   signal, the workers' group gets none, and the cancellation is rethrown once they
 *   have drained (examples/graceful-drain.ts).
 * - {@link TaskGroup.cancel} is a clean early exit: the tasks are aborted, no error.
 *
 * Cancellation is cooperative: a task that ignores its signal is still awaited. A task
 * counts as cancelled, not failed, when it rejects after its signal aborted with that
 * signal's reason or with any error named `AbortError` (a library wrapping the reason).
 *
 * With `await using`, the group cannot see an error thrown by the block (dispose is not
 * told), so such an error neither aborts the tasks nor joins the `AggregateError`; the
 * runtime reports both as a `SuppressedError`. Prefer {@link taskGroup} when the body can
 * fail. A group that is never disposed never settles; its tasks' failures are still
 * handled (no unhandled rejection).
 *
 * @example
 * await using tg = new TaskGroup();
 * const a = tg.spawn((signal) => fetchJson('/a', { signal }));
 * const b = tg.spawn((signal) => fetchJson('/b', { signal }));
 * // leaving the block waits for both; then a.result() and b.result() are ready
 */
export class TaskGroup implements AsyncDisposable {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal | undefined;
  #offParent: (() => void) | undefined;
  #parentAborted = false;
  #state: TaskGroupState = 'open';
  #exiting = false;
  // A count, not a collection: finished tasks must be collectable while the group lives.
  #pending = 0;
  #wake: (() => void) | undefined;
  #errors: unknown[] | undefined;
  #outcome: BodyResult | undefined;

  static {
    exitGroup = (tg, body) => tg.#exit(body);
  }

  /**
   * Opens the group: unlike asyncio there is no separate "enter", so it can spawn at once.
   * @param options.signal the parent's signal; if it has already aborted the group starts
   * out `aborting` and exit throws its reason.
   * @example
   * await using tg = new TaskGroup({ signal: AbortSignal.timeout(5000) });
   */
  constructor(options: TaskGroupOptions = {}) {
    const parent = options.signal;
    this.#parent = parent;
    if (parent === undefined) return;
    if (parent.aborted) {
      this.#parentAborted = true;
      this.#abort(parent.reason);
    } else {
      this.#offParent = onAbort(parent, () => {
        this.#parentAborted = true;
        this.#abort(parent.reason);
      });
    }
  }

  /**
   * Aborted when the group fails, is cancelled or its parent aborts. Every task receives
   * it (or a signal derived from it); the body should pass it to its own awaits too.
   * @example
   * await sleep(1000, { signal: tg.signal });
   */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * The lifecycle state; see {@link TaskGroupState}.
   * @example
   * if (tg.state === 'open') tg.spawn(work);
   */
  get state(): TaskGroupState {
    return this.#state;
  }

  /**
   * Starts `fn(signal)` at once (JS calls are eager, unlike asyncio's coroutines) as a
   * task of this group and returns it. A synchronous throw from `fn` counts as the task
   * failing, handled like a rejection (after spawn returns).
   *
   * @throws AbortError (cause: the group's abort reason) once the group is `aborting`,
   * without calling `fn`; a task that spawns then is thereby cancelled, not failed.
   * @throws Error once the group is `closed`, without calling `fn`.
   * @example
   * const t = tg.spawn((signal) => sleep(100, { signal }).then(() => 'done'), { name: 'nap' });
   */
  spawn<T>(fn: (signal: AbortSignal) => Promise<T>, options?: SpawnOptions): Task<T> {
    const name = options?.name;
    if (this.#state === 'aborting') {
      throw new AbortError(
        `TaskGroup is aborting: cannot spawn ${name === undefined ? 'a task' : `'${name}'`} (${errorLine(this.signal.reason)})`,
        { cause: this.signal.reason },
      );
    }
    if (this.#state === 'closed') {
      throw new Error(`TaskGroup is already closed: cannot spawn ${name === undefined ? 'a task' : `'${name}'`}`);
    }
    const own = options?.signal;
    if (own !== undefined) return this.#spawnWithOwnSignal(fn, own, name);
    // The hot path: a million children cost one reaction and one small Task each, all
    // sharing the group's signal. The handlers are bound to the task rather than closures
    // over it: two small objects instead of two functions and their shared context.
    const task = new GroupTask<T>(startChild(fn, this.#controller.signal), name, this);
    this.#pending++;
    task.promise.then(TaskGroup.#onFulfilled.bind(task), TaskGroup.#onRejected.bind(task));
    return task;
  }

  #spawnWithOwnSignal<T>(fn: (signal: AbortSignal) => Promise<T>, own: AbortSignal, name: string | undefined): Task<T> {
    // Derived with onAbort rather than AbortSignal.any, whose dependants pile up on a
    // long-lived signal (nodejs/node#54614); both subscriptions end when the task does.
    const derived = new AbortController();
    const signal = derived.signal;
    const group = this.#controller.signal;
    let off = (): void => {};
    if (own.aborted) {
      derived.abort(own.reason);
    } else {
      // The group's signal cannot be aborted here: an aborting group refuses to spawn.
      const offOwn = onAbort(own, () => derived.abort(own.reason));
      const offGroup = onAbort(group, () => derived.abort(group.reason));
      off = () => {
        offOwn();
        offGroup();
      };
    }
    const task = new GroupTask<T>(startChild(fn, signal), name, this);
    this.#pending++;
    task.promise.then(
      (value) => {
        off();
        this.#fulfilled(task, value);
      },
      (error: unknown) => {
        off();
        this.#rejected(task, error, signal);
      },
    );
    return task;
  }

  static #onFulfilled(this: GroupTask<unknown>, value: unknown): void {
    this.group!.#fulfilled(this, value);
  }

  static #onRejected(this: GroupTask<unknown>, error: unknown): void {
    const group = this.group!;
    group.#rejected(this, error, group.#controller.signal);
  }

  #fulfilled<T>(task: GroupTask<T>, value: T): void {
    task.settle('fulfilled', value);
    this.#taskDone();
  }

  /** `signal` is the one the task received: its reason (or an AbortError) is a cancellation. */
  #rejected<T>(task: GroupTask<T>, error: unknown, signal: AbortSignal): void {
    task.settle('rejected', error);
    if (!this.#isCancellation(error, signal)) this.#fail(error, `task '${task.name}'`);
    this.#taskDone();
  }

  /**
   * Ends the group early and cleanly (asyncio 3.15's `TaskGroup.cancel()`): aborts
   * `signal` with `reason` (an `AbortError` by default); exit then waits for the tasks
   * and succeeds unless some task failed for real. Idempotent; a no-op once closed or
   * already aborting, so the first reason is kept.
   * @example
   * tg.spawn(async (signal) => { if (await found(signal)) tg.cancel(); });
   */
  cancel(reason?: unknown): void {
    if (this.#state === 'closed' || this.#controller.signal.aborted) return;
    this.#abort(reason === undefined ? new AbortError('TaskGroup cancelled') : reason);
  }

  /**
   * Exit for `await using`: waits for every task, then throws the group's outcome (see
   * the class doc). Tasks may still be spawned while it waits, unless the group aborts.
   * @throws Error if called a second time.
   * @example
   * { await using tg = new TaskGroup(); tg.spawn(work); } // waits here
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#exit({ ok: true });
  }

  async #exit(body: BodyResult): Promise<void> {
    if (this.#exiting) throw new Error(`TaskGroup is already exiting (state: ${this.#state}): exit may run only once`);
    this.#exiting = true;
    if (!body.ok && !this.#isCancellation(body.error, this.#controller.signal)) this.#fail(body.error, 'the body');
    if (this.#state === 'open') this.#transition('closing');
    if (this.#pending > 0) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    } else {
      this.#close();
    }
    const outcome = this.#outcome!;
    this.#outcome = undefined;
    if (!outcome.ok) throw outcome.error;
  }

  #taskDone(): void {
    if (--this.#pending === 0 && this.#exiting) {
      this.#close();
      const wake = this.#wake;
      this.#wake = undefined;
      wake?.();
    }
  }

  /** Fixes the outcome the moment the last task settles: later parent aborts are not ours. */
  #close(): void {
    this.#transition('closed');
    this.#offParent?.();
    this.#offParent = undefined;
    const errors = this.#errors;
    // Keep no reference to the errors once they are handed over (asyncio drops them too).
    this.#errors = undefined;
    if (errors !== undefined) {
      const n = errors.length;
      const message = `TaskGroup failed: ${n} task${n === 1 ? '' : 's'} failed; first: ${errorLine(errors[0])}`;
      this.#outcome = { ok: false, error: new AggregateError(errors, message) };
    } else if (this.#parentAborted) {
      this.#outcome = { ok: false, error: this.#parent!.reason };
    } else {
      this.#outcome = { ok: true };
    }
  }

  #isCancellation(error: unknown, signal: AbortSignal): boolean {
    const group = this.#controller.signal;
    return (signal.aborted && isAbortError(error, signal)) || (group.aborted && isAbortError(error, group));
  }

  #fail(error: unknown, who: string): void {
    (this.#errors ??= []).push(error);
    if (!this.#controller.signal.aborted) {
      this.#abort(new AbortError(`TaskGroup aborted because ${who} failed: ${errorLine(error)}`, { cause: error }));
    }
  }

  #abort(reason: unknown): void {
    if (this.#controller.signal.aborted) return;
    // Before abort(): its listeners run synchronously and must already see 'aborting'.
    if (this.#state === 'open' || this.#state === 'closing') this.#transition('aborting');
    this.#controller.abort(reason);
  }

  #transition(to: TaskGroupState): void {
    const from = this.#state;
    const allowed =
      (to === 'closing' && from === 'open') ||
      (to === 'aborting' && (from === 'open' || from === 'closing')) ||
      (to === 'closed' && (from === 'closing' || from === 'aborting'));
    if (!allowed) throw new Error(`TaskGroup: invalid state transition ${from} -> ${to}`);
    this.#state = to;
  }
}

/**
 * Runs `body` with a new {@link TaskGroup}, waits for every task it spawned, and returns
 * the body's value: asyncio's `async with TaskGroup() as tg:` as a function.
 *
 * An error thrown by the body (synchronously or not) counts as a failure: it aborts the
 * tasks and joins the `AggregateError`. If `cancel()` interrupted the body (it rejected
 * with the group's abort reason), the group still succeeds and this resolves to
 * `undefined`. With an already-aborted `signal`, rejects with its reason without calling
 * `body`.
 *
 * @example
 * const [a, b] = await taskGroup(async (tg) => {
 *   const a = tg.spawn((signal) => sleep(1000, { signal }).then(() => 'A'));
 *   const b = tg.spawn((signal) => sleep(2000, { signal }).then(() => 'B'));
 *   return [a, b];
 * }).then(([a, b]) => [a.result(), b.result()]);
 */
export async function taskGroup<R>(body: (tg: TaskGroup) => Promise<R>, options: TaskGroupOptions = {}): Promise<R> {
  if (options.signal?.aborted === true) throw options.signal.reason;
  const tg = new TaskGroup(options);
  let value: R | undefined;
  let outcome: BodyResult = { ok: true };
  try {
    value = await body(tg);
  } catch (error) {
    outcome = { ok: false, error };
  }
  await exitGroup(tg, outcome);
  return value as R;
}
