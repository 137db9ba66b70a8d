/**
 * One real 'abort' listener per signal, however many waiters share it.
 *
 * `signal.addEventListener` scans the existing listeners on every call, so 100 000
 * sleepers on one signal cost O(n²) (Node's own `timers/promises` shows it: 20 000
 * sleepers take 50× longer). Here the waiters of a signal sit in an array behind a
 * single listener: adding and removing are O(1), and the listener is removed as soon as
 * the last waiter leaves, so a long-lived signal never accumulates listeners.
 *
 * Hot paths subclass {@link AbortListener}: the waiter is itself the entry, so
 * subscribing allocates nothing (a million sleepers on one signal would otherwise carry
 * a million wrapper closures and a million unsubscribe closures). An array rather than a
 * linked list, because the garbage collector walks a million-long chain one link at a
 * time, while it splits an array's elements among its threads.
 * {@link onAbort} wraps a callback for the cold paths.
 */

/**
 * What {@link subscribe} registers: an object told once, synchronously, when the signal
 * aborts (the DOM's `handleEvent` idea, with the signal as argument). It records its own
 * place in the signal's registry, so it can be subscribed to one signal at a time.
 *
 * @example
 * class Waiter extends AbortListener {
 *   constructor(readonly reject: (reason: unknown) => void) { super(); }
 *   onabort(signal: AbortSignal): void { this.reject(signal.reason); }
 * }
 */
export abstract class AbortListener {
  /** The registry this listener is in (owned by this module), or null. */
  abortRegistry: AbortRegistry | null = null;
  /** Its index in that registry (owned by this module). */
  abortSlot = -1;

  /** Called once, synchronously, from the signal's 'abort' event, unless unsubscribed first. */
  abstract onabort(signal: AbortSignal): void;
}

/**
 * The one real listener of a signal and the waiters behind it, in subscription order.
 * Exported only as the type of {@link AbortListener.abortRegistry}.
 *
 * @example
 * const registry: AbortRegistry | null = listener.abortRegistry; // null once told or removed
 */
export class AbortRegistry {
  /** Subscribers in order; a removed one leaves a hole until the next compaction. */
  listeners: (AbortListener | null)[] = NONE;
  live = 0;
  /** True while it tells its listeners: compaction would move entries under the loop. */
  telling = false;

  /** `owned`: the signal's controller is an {@link OwnedAbortController}, which tells us itself. */
  constructor(
    readonly signal: AbortSignal,
    readonly owned: boolean,
  ) {}

  /** EventTarget calls this (the registry is the listener object), once. */
  handleEvent(): void {
    const { signal, listeners } = this;
    forget(this);
    this.telling = true;
    // Each listener leaves before it is told, so one that unsubscribes another during
    // the loop removes it before its turn, as removeEventListener would.
    for (let i = 0; i < listeners.length; i++) {
      const listener = listeners[i];
      if (listener === null || listener === undefined) continue;
      listeners[i] = null;
      this.live--;
      listener.abortRegistry = null;
      listener.abortSlot = -1;
      try {
        listener.onabort(signal);
      } catch (err) {
        // As EventTarget does for a throwing listener: report it, and still tell the rest.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    this.listeners = NONE;
  }

  /** Closes the holes once they outnumber the live entries: amortised O(1) per removal. */
  compact(): void {
    const listeners = this.listeners;
    let to = 0;
    for (let from = 0; from < listeners.length; from++) {
      const listener = listeners[from];
      if (listener === null || listener === undefined) continue;
      listener.abortSlot = to;
      listeners[to++] = listener;
    }
    listeners.length = to;
  }
}

/**
 * Where a signal's registry is found: a property of the signal under a private symbol.
 * A WeakMap would do, but every entry of one is an ephemeron the garbage collector must
 * revisit, which costs 100 000 short-lived scopes (each with its own signal) a third of
 * their time. `OWNED` marks the signal of an {@link OwnedAbortController} with no
 * registry yet.
 */
const kRegistry = Symbol('asyncdemo.abortRegistry');

interface Tagged {
  [kRegistry]?: AbortRegistry | undefined;
}

/**
 * No listeners yet: the first subscriber gets a one-element array rather than growing an
 * empty one (V8 grows it to 17 slots at once). Frozen, so that a push into it would throw.
 */
const NONE = Object.freeze([]) as unknown as (AbortListener | null)[];

function forget(registry: AbortRegistry): void {
  // An owned registry stays with its signal: its controller tells it, however often it empties.
  if (!registry.owned) (registry.signal as Tagged)[kRegistry] = undefined;
}

/**
 * An AbortController that tells {@link subscribe}'s listeners itself, right after its
 * signal's own 'abort' event: its signal never carries a real listener for them, so a
 * scope that creates one per call (a timeout, a run) pays no `addEventListener` /
 * `removeEventListener` when something inside it waits on the signal. Its listeners
 * therefore run after any added with `addEventListener`, whenever they subscribed.
 *
 * Earns its place on bench row 5 (`timeout()` around each of 1e5 sleeps, its only user):
 * measured 2026-12-01 against a plain AbortController in its place, medians of 7
 * interleaved samples, 5.05 s and 288 MB peak RSS with it, 6.52 s and 347 MB without
 * (≈1.3× the time, 1.2× the memory; a loaded machine, so only the direction is firm).
 *
 * @example
 * const controller = new OwnedAbortController();
 * await sleep(1000, { signal: controller.signal }); // no event listener on the signal
 */
export class OwnedAbortController extends AbortController {
  readonly #registry: AbortRegistry;

  constructor() {
    super();
    const signal = this.signal;
    this.#registry = new AbortRegistry(signal, true);
    (signal as Tagged)[kRegistry] = this.#registry;
  }

  override abort(reason?: unknown): void {
    if (this.signal.aborted) return;
    super.abort(reason);
    this.#registry.handleEvent();
  }
}

/**
 * Registers `listener` to be told once when `signal` aborts, in O(1) however many
 * listeners the signal already has. The signal must not be aborted yet (callers check
 * `signal.aborted` first, since they want to reject synchronously in that case), and the
 * listener must not be subscribed already.
 *
 * @example
 * const waiter = new Waiter(reject);
 * subscribe(signal, waiter);
 * // ... on every other path:
 * unsubscribe(waiter);
 */
export function subscribe(signal: AbortSignal, listener: AbortListener): void {
  const tagged = signal as Tagged;
  let registry = tagged[kRegistry];
  if (registry === undefined) {
    registry = new AbortRegistry(signal, false);
    tagged[kRegistry] = registry;
    signal.addEventListener('abort', registry, { once: true });
  }
  listener.abortRegistry = registry;
  if (registry.listeners.length === 0) {
    registry.listeners = [listener];
    listener.abortSlot = 0;
  } else {
    listener.abortSlot = registry.listeners.push(listener) - 1;
  }
  registry.live++;
}

/**
 * Removes `listener` from the signal it is subscribed to; a no-op when it is not
 * subscribed (already told, already removed), so every exit path may call it. The last
 * one out removes the real event listener.
 *
 * @example
 * unsubscribe(waiter); // safe twice, safe after the abort
 */
export function unsubscribe(listener: AbortListener): void {
  const registry = listener.abortRegistry;
  if (registry === null) return;
  registry.listeners[listener.abortSlot] = null;
  listener.abortRegistry = null;
  listener.abortSlot = -1;
  const live = --registry.live;
  if (live === 0) {
    if (!registry.telling) forget(registry);
    registry.listeners = NONE;
    if (!registry.owned) registry.signal.removeEventListener('abort', registry);
  } else if (registry.listeners.length > 32 && live < registry.listeners.length >> 1 && !registry.telling) {
    registry.compact();
  }
}

/**
 * Whether `listener` is subscribed and is the last one subscribed to its signal so far
 * (nothing subscribed after it is still waiting). The sleep queue uses it to let a sleep
 * share an earlier one's entry without changing the order in which an abort tells them.
 *
 * @example
 * subscribe(signal, a);
 * isLastSubscriber(a); // true
 * subscribe(signal, b);
 * isLastSubscriber(a); // false
 */
export function isLastSubscriber(listener: AbortListener): boolean {
  const registry = listener.abortRegistry;
  return registry !== null && listener.abortSlot === registry.listeners.length - 1;
}

/** {@link onAbort}'s entry: one per call, so one callback may subscribe twice. */
class Callback extends AbortListener {
  constructor(readonly callback: () => void) {
    super();
  }
  onabort(): void {
    this.callback();
  }
}

/**
 * Calls `callback` once when `signal` aborts; returns a function that unsubscribes.
 * Unlike `signal.addEventListener('abort', …)`, subscribing is O(1) however many
 * callbacks already wait on the signal (see this module's comment), and the last one
 * to unsubscribe removes the signal's one real listener, so a long-lived signal (a
 * whole run's, Ctrl-C's) never accumulates listeners.
 *
 * The signal must not be aborted yet: check `signal.aborted` first (the callback would
 * never be called). Call the returned function on every path that ends the wait; it is
 * safe to call twice, and after the abort. A callback that throws is reported as an
 * uncaught exception (as an event listener's would be) and the other callbacks still run.
 *
 * @example
 * import { onAbort } from 'asyncdemo';
 *
 * if (signal.aborted) throw signal.reason;
 * const socket = connect();
 * const off = onAbort(signal, () => socket.destroy(signal.reason as Error));
 * try {
 *   return await socket.read();
 * } finally {
 *   off();
 * }
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  const entry = new Callback(callback);
  subscribe(signal, entry);
  return () => unsubscribe(entry);
}
