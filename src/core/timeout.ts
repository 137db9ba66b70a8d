/**
 * Timeout scopes: asyncio.timeout / timeout_at (and trio's fail_after / fail_at) for
 * promises. The body gets a signal instead of a task to cancel; on expiry that signal
 * aborts, and once the body has unwound, the scope turns the cancellation into a
 * TimeoutError, which can only be seen outside the scope, as in asyncio.
 */
import { OwnedAbortController, subscribe, unsubscribe, type AbortListener, type AbortRegistry } from './abort.js';
import { systemClock, type Clock } from './clock.js';
import { DeadlineQueue, type Expirable } from './deadlines.js';
import { AbortError, isAbortError, MAX_DELAY_MS, TimeoutError } from './errors.js';

/**
 * The handle a timeout body gets to inspect and move its deadline, like asyncio's
 * `Timeout` object.
 *
 * @example
 * await timeout(null, async (signal, scope) => {
 *   const header = await readHeader(signal);
 *   scope.reschedule(clock.now() + header.bodyBudgetMs); // now we know how long to allow
 *   return readBody(signal);
 * });
 */
export interface TimeoutScope {
  /** The deadline on the clock's `now()` scale; `null` when the scope has no deadline. */
  when(): number | null;
  /**
   * Moves the deadline: later extends it, earlier (or a time already passed) shortens it,
   * `null` or `Infinity` disables it. A deadline that has already passed expires the scope
   * at once. Throws an Error once the scope has expired or finished (the scope is handed
   * to the body already entered, so "before entry" cannot happen), and a RangeError for NaN.
   */
  reschedule(deadline: number | null): void;
  /** True once the deadline has fired, even if the body then swallowed the abort. */
  expired(): boolean;
}

/** Options of {@link timeout} and {@link timeoutAt}. */
export interface TimeoutOptions {
  /**
   * An enclosing cancellation: aborting it aborts the body's signal with the same reason,
   * and the scope rejects with that reason rather than a TimeoutError.
   */
  signal?: AbortSignal;
  /** Where time comes from; the system clock unless a test injects a fake one. */
  clock?: Clock;
}

/** asyncio's states, minus "created": the body only ever sees an entered scope. */
type State = 'active' | 'expiring' | 'expired' | 'finished';

/**
 * A scope is its own deadline entry, its own listener on the enclosing signal, and the
 * controller of the body's signal, which tells the body's waiters directly (no event
 * listener on the body's signal): 100 000 concurrent scopes cost one object (with its
 * AbortSignal) and one promise reaction each. Being the controller rather than holding
 * one spares every scope an object and a field (bench row 5, measured with
 * {@link OwnedAbortController}'s other savings there); it makes `abort` and `signal`
 * reachable on the handle the body gets, which the typed {@link TimeoutScope} does not
 * show, and which aborts only what the body's own signal would.
 */
class Scope extends OwnedAbortController implements AbortListener, TimeoutScope, Expirable {
  abortRegistry: AbortRegistry | null = null;
  abortSlot = -1;
  /** The deadline on the clock's scale, Infinity for none; the queue's key while queued. */
  at: number;
  slot = -1;
  seq = 0;
  #state: State = 'active';
  readonly #enteredAt: number;
  readonly #queue: DeadlineQueue;
  readonly #outer: AbortSignal | undefined;

  constructor(queue: DeadlineQueue, enteredAt: number, deadline: number | null, outer: AbortSignal | undefined) {
    super();
    this.#queue = queue;
    this.#enteredAt = enteredAt;
    this.at = deadline ?? Infinity;
    this.#outer = outer;
  }

  /** The enclosing signal aborted. */
  onabort(signal: AbortSignal): void {
    this.cancel(signal.reason);
  }

  when(): number | null {
    return this.at === Infinity ? null : this.at;
  }

  expired(): boolean {
    return this.#state === 'expiring' || this.#state === 'expired';
  }

  reschedule(deadline: number | null): void {
    if (this.#state !== 'active') {
      throw new Error(`timeout scope is already ${this.#state}: reschedule() works only while it is active`);
    }
    this.#queue.delete(this);
    this.at = checkDeadline(deadline, 'reschedule') ?? Infinity;
    this.arm(this.#queue.clock.now());
  }

  /** Checks the deadline on entry (and on reschedule) against `now`: one already passed expires now. */
  arm(now: number): void {
    const deadline = this.at;
    if (deadline === Infinity || this.telling) return; // signal.aborted, without its cost on Node 20 (see isAborted)
    if (deadline <= now) this.expire();
    else this.#queue.add(this, deadline);
  }

  expire(): void {
    this.#transition('expiring');
    this.abort(new AbortError(`Timeout scope expired after ${this.#budget()} ms`));
  }

  /** The enclosing signal aborted: pass its reason on, and stop the timer. */
  cancel(reason: unknown): void {
    this.#queue.delete(this);
    // Both deadlines passed in the same turn (nested scopes with one deadline): asyncio
    // reports both as expired, although only the outermost raises TimeoutError.
    if (this.#state === 'active' && this.at <= this.#queue.clock.now()) this.#transition('expiring');
    this.abort(reason);
  }

  /** What the scope throws for the body's rejection `err`, decided before exit(). */
  outcome(err: unknown): unknown {
    if (!isAbortError(err, this.signal)) return err;
    const outer = this.#outer;
    // An enclosing abort wins over our own expiry: the enclosing scope (or the caller)
    // must see its own reason, exactly as asyncio lets an outer cancel() through.
    if (outer?.aborted === true) return outer.reason;
    if (this.#state === 'expiring') {
      return new TimeoutError(`Timed out after ${this.#budget()} ms`, { cause: this.signal.reason });
    }
    return err;
  }

  /** Leaves the scope once the body has settled: no timer entry, no listener left. */
  exit(): void {
    unsubscribe(this);
    this.#queue.delete(this);
    this.#transition(this.#state === 'expiring' ? 'expired' : 'finished');
  }

  /** The time the scope was given, for messages: its deadline relative to entry. */
  #budget(): string {
    const ms = Math.max(0, (this.at === Infinity ? 0 : this.at) - this.#enteredAt);
    return String(Math.round(ms * 1000) / 1000);
  }

  #transition(to: State): void {
    const from = this.#state;
    const allowed = from === 'active' ? to !== 'expired' : from === 'expiring' && to === 'expired';
    if (!allowed) throw new Error(`timeout scope: invalid state transition ${from} -> ${to}`);
    this.#state = to;
  }
}

function checkDeadline(deadline: number | null, what: string): number | null {
  if (deadline === null || deadline === Infinity) return null;
  if (typeof deadline !== 'number' || Number.isNaN(deadline)) {
    throw new RangeError(`${what}: deadline must be a number or null, got ${String(deadline)}`);
  }
  return deadline;
}

function enter<T>(
  clock: Clock,
  enteredAt: number,
  deadline: number | null,
  body: (signal: AbortSignal, scope: TimeoutScope) => Promise<T>,
  outer: AbortSignal | undefined,
): Promise<T> {
  const scope = new Scope(DeadlineQueue.for(clock), enteredAt, deadline, outer);
  if (outer !== undefined) subscribe(outer, scope);
  let result: Promise<T>;
  try {
    scope.arm(enteredAt);
    result = Promise.resolve(body(scope.signal, scope));
  } catch (err) {
    result = Promise.reject(err);
  }
  // Handlers bound to the scope rather than an async function around the body: an
  // awaiting async function costs ~400 bytes, two bound functions ~100.
  return result.then(bodyFulfilled.bind(scope) as (value: T) => T, bodyRejected.bind(scope));
}

function bodyFulfilled<T>(this: Scope, value: T): T {
  this.exit();
  return value;
}

function bodyRejected(this: Scope, err: unknown): never {
  const outcome = this.outcome(err);
  this.exit();
  throw outcome;
}

/**
 * Runs `body` with a deadline `ms` milliseconds from now: asyncio.timeout(delay).
 *
 * - On expiry the body's `signal` aborts with an {@link AbortError}, and stays aborted
 *   (every later `sleep(…, { signal })` rejects at once). Once the body settles with that
 *   abort, `timeout` rejects with a {@link TimeoutError} whose `cause` is the abort reason.
 *   A body that ignores its signal is still awaited: the deadline bounds only the awaits
 *   that listen to it, as asyncio's does only for awaits that can be cancelled. So
 *   `timeout(100, () => sleep(1000))` resolves after ~1 s, with no TimeoutError (asyncio
 *   does the same for a body that swallows its cancellation); `scope.expired()` tells
 *   that the deadline passed.
 * - The body's own errors pass through unchanged, including one thrown by its cleanup while
 *   it unwinds from the abort. A body that catches the abort and returns a value resolves
 *   the scope with that value (`scope.expired()` still tells).
 * - `options.signal` aborting first rejects with its reason, not a TimeoutError, and the
 *   scope never aborts it. Nested scopes each fire at their own level; when several
 *   expire at once, only the outermost rejects with TimeoutError.
 * - The deadline is taken on entry (the call). `null` or `Infinity` means no deadline.
 *   `0` or a negative `ms` means the deadline has passed: as in asyncio, the scope is
 *   entered already expired, so its signal is aborted before the body runs.
 * - The timer and the listener on `options.signal` are removed on every path.
 *
 * Cleanup after an abort must not use the aborted signal (it is level-triggered, and
 * cannot be cleared): give it a fresh, bounded one with {@link shielded} — a trio
 * shielded scope with its own deadline:
 * `finally { await shielded(500, (fresh) => conn.close({ signal: fresh })); }`.
 *
 * @throws RangeError (as a rejection, without running the body) for a NaN `ms` or one
 * above 2³¹−1 (Node would fire such a timer after ~1 ms).
 * @example
 * try {
 *   await timeout(2000, (signal) => sleep(10_000, { signal }));
 * } catch (err) {
 *   if (err instanceof TimeoutError) report('Operation timed out!');
 * }
 */
export function timeout<T>(
  ms: number | null,
  body: (signal: AbortSignal, scope: TimeoutScope) => Promise<T>,
  options: TimeoutOptions = {},
): Promise<T> {
  if (ms !== null && ms !== Infinity && (typeof ms !== 'number' || !(ms <= MAX_DELAY_MS))) {
    return Promise.reject(new RangeError(`timeout: ms must be a number up to ${MAX_DELAY_MS} (0 or less: already expired), Infinity or null, got ${String(ms)}`));
  }
  const { signal, clock = systemClock } = options;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  const now = clock.now();
  return enter(clock, now, ms === null || ms === Infinity ? null : now + ms, body, signal);
}

/**
 * Runs `body` with an absolute deadline on the clock's `now()` scale: asyncio.timeout_at.
 * Same semantics as {@link timeout}; `scope.when()` returns `deadline` as given. A deadline
 * at or before `clock.now()` enters the scope already expired; deadlines beyond the 2³¹−1 ms
 * timer range are fine (the timer re-arms in steps).
 *
 * @throws RangeError (as a rejection, without running the body) for a NaN deadline.
 * @example
 * const deadline = clock.now() + 5000;      // one budget for several steps
 * await timeoutAt(deadline, (signal) => connect(signal));
 * await timeoutAt(deadline, (signal) => handshake(signal));
 */
export function timeoutAt<T>(
  deadline: number | null,
  body: (signal: AbortSignal, scope: TimeoutScope) => Promise<T>,
  options: TimeoutOptions = {},
): Promise<T> {
  let checked: number | null;
  try {
    checked = checkDeadline(deadline, 'timeoutAt');
  } catch (err) {
    return Promise.reject(err);
  }
  const { signal, clock = systemClock } = options;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return enter(clock, clock.now(), checked, body, signal);
}

/**
 * Runs awaited cleanup after a cancellation: `body` gets a **fresh** signal that no
 * enclosing abort reaches, bounded by its own deadline of `ms` milliseconds (on expiry it
 * aborts and the call rejects with a {@link TimeoutError}, as {@link timeout} does).
 *
 * A cancellation here cannot be caught and cleared: an aborted signal stays aborted, so
 * cleanup that awaits on it (`sleep`, `fetch`, a `timeout` given it as `signal`) rejects
 * at once. This is the library's idiom for what trio calls a shielded cancel scope with a
 * deadline (`with trio.fail_after(0.5, shield=True):`) and what asyncio code writes as a
 * fresh `async with asyncio.timeout(0.5):` in the `finally` (or `except CancelledError`)
 * of a cancelled task. It is `timeout(ms, body)` with no `signal` option, under a name
 * that says why, and it insists on a deadline: nothing else can stop a shielded cleanup.
 *
 * @throws RangeError (as a rejection, without running the body) for `null`, `Infinity`,
 * NaN or an `ms` above 2³¹−1: an unbounded shielded cleanup could hang forever.
 * @example
 * await timeout(2000, async (signal) => {
 *   const conn = await connect({ signal });
 *   try {
 *     await conn.query('SELECT …', { signal }); // the deadline interrupts this
 *   } finally {
 *     // `signal` is aborted for good here: conn.close({ signal }) would reject at once.
 *     await shielded(500, (fresh) => conn.close({ signal: fresh }));
 *   }
 * });
 */
export function shielded<T>(
  ms: number,
  body: (signal: AbortSignal, scope: TimeoutScope) => Promise<T>,
  options: Pick<TimeoutOptions, 'clock'> = {},
): Promise<T> {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    return Promise.reject(new RangeError(`shielded: ms must be a finite number (a shielded cleanup needs a deadline: nothing else can stop it), got ${String(ms)}`));
  }
  return timeout(ms, body, { clock: options.clock });
}
