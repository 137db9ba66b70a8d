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
 * The waiters of one signal, in subscription order. Two kinds: a {@link ForeignRegistry}
 * is the one real 'abort' listener of a signal it does not own; an
 * {@link OwnedAbortController} is its own signal's registry and tells it itself.
 * Exported only as the type of {@link AbortListener.abortRegistry}.
 *
 * A lone subscriber (a timeout body's one sleep, the common case) is held in `one`, with
 * `listeners` left empty; a second moves both into the array. That spares every timeout
 * scope a one-element array (56 bytes; bench row 5, see {@link OwnedAbortController}).
 *
 * @example
 * const registry: AbortRegistry | null = listener.abortRegistry; // null once told or removed
 */
export interface AbortRegistry {
  readonly signal: AbortSignal;
  /** True for an {@link OwnedAbortController}: it tells us itself and keeps its registry. */
  readonly owned: boolean;
  /** The only subscriber while there is exactly one and `listeners` is empty; else null. */
  one: AbortListener | null;
  /** Subscribers in order; a removed one leaves a hole until the next compaction. */
  listeners: (AbortListener | null)[];
  live: number;
  /**
   * True once it tells its listeners (compaction would move entries under the loop); an
   * owned registry sets it as its controller starts to abort, so it is then `signal.aborted`.
   */
  telling: boolean;
}

/** The registry of a signal we do not own: its one real 'abort' listener. */
class ForeignRegistry implements AbortRegistry {
  one: AbortListener | null = null;
  listeners: (AbortListener | null)[] = NONE;
  live = 0;
  telling = false;

  constructor(readonly signal: AbortSignal) {}

  get owned(): boolean {
    return false;
  }

  /** EventTarget calls this (the registry is the listener object), once. */
  handleEvent(): void {
    tell(this);
  }
}

/** Tells every listener of `registry` that its signal aborted. */
function tell(registry: AbortRegistry): void {
  const { signal, listeners, one } = registry;
  forget(registry);
  registry.telling = true;
  if (one !== null) {
    registry.one = null;
    registry.live = 0;
    told(one, signal);
    return;
  }
  // Each listener leaves before it is told, so one that unsubscribes another during
  // the loop removes it before its turn, as removeEventListener would.
  for (let i = 0; i < listeners.length; i++) {
    const listener = listeners[i];
    if (listener === null || listener === undefined) continue;
    listeners[i] = null;
    registry.live--;
    told(listener, signal);
  }
  registry.listeners = NONE;
}

function told(listener: AbortListener, signal: AbortSignal): void {
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

/** Closes the holes once they outnumber the live entries: amortised O(1) per removal. */
function compact(registry: AbortRegistry): void {
  const listeners = registry.listeners;
  let to = 0;
  for (let from = 0; from < listeners.length; from++) {
    const listener = listeners[from];
    if (listener === null || listener === undefined) continue;
    listener.abortSlot = to;
    listeners[to++] = listener;
  }
  listeners.length = to;
}

/**
 * Where a signal's registry is found: a property of the signal under a private symbol.
 * A WeakMap would do, but every entry of one is an ephemeron the garbage collector must
 * revisit, which costs 100 000 short-lived scopes (each with its own signal) a third of
 * their time. On Node 20 the tag is not free either: every AbortSignal there has a hidden
 * class of its own, so adding the property builds a new one (~1.2 µs a scope: 116 of
 * 1453 ms in a profile of bench row 5). A module Map from owned signals to controllers
 * instead (released on scope exit) measured 2026-12-01, medians of 5–7 interleaved: CPU
 * −5 % on Node 20, +16 % on Node 24 (a lookup in a 1e5-entry Map per sleep), so the tag stays.
 */
const kRegistry = Symbol('asyncdemo.abortRegistry');

interface Tagged {
  [kRegistry]?: AbortRegistry | undefined;
}

/**
 * No listeners in the array: a second subscriber gets a two-element array rather than
 * growing an empty one (V8 grows it to 17 slots at once). Frozen, so that a push into it
 * would throw.
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
 * therefore run after any added with `addEventListener`, whenever they subscribed. It is
 * its own signal's registry, so owning costs no object beyond the controller.
 *
 * Earns its place on bench row 5 (`timeout()` around each of 1e5 sleeps, its only user):
 * measured 2026-12-01 against a plain AbortController in its place, medians of 7
 * interleaved samples, 5.05 s and 288 MB peak RSS with it, 6.52 s and 347 MB without
 * (≈1.3× the time, 1.2× the memory; a loaded machine, so only the direction is firm).
 * Being its own registry (and a timeout scope being its controller), and holding a lone
 * subscriber without an array, took the retained heap of a pending scope on row 5 from
 * 851 to 713 bytes on Node 24 and from 1504 to 1403 on Node 20 (measured 2026-12-01:
 * 1e5 pending `timeout(…, (signal) => sleep(…, { signal }))`, a gc before and after).
 *
 * @example
 * const controller = new OwnedAbortController();
 * await sleep(1000, { signal: controller.signal }); // no event listener on the signal
 */
export class OwnedAbortController extends AbortController implements AbortRegistry {
  one: AbortListener | null = null;
  listeners: (AbortListener | null)[] = NONE;
  live = 0;
  telling = false;

  constructor() {
    super();
    (this.signal as Tagged)[kRegistry] = this;
  }

  get owned(): boolean {
    return true;
  }

  override abort(reason?: unknown): void {
    if (this.telling) return;
    // Set first, so that it answers `signal.aborted` (see isAborted) from here on.
    this.telling = true;
    super.abort(reason);
    tell(this);
  }
}

/**
 * `signal.aborted`, answered by the controller when it is an {@link OwnedAbortController}.
 * On Node 20 every AbortSignal gets a hidden class of its own (Node builds it with
 * `Object.setPrototypeOf`), so each `aborted` read is a megamorphic getter call with three
 * more lookups inside: 1.3–2.3 µs, against 0.2 µs for the registry's tag (measured
 * 2026-12-01 over 1e5 signals). A timeout scope read it twice (on entry, and in its body's
 * sleep). With this file's other changes of that day, bench row 5 on Node 20 went from
 * 1679 to 1449 ms of CPU (wall 3370 → 2855 ms; medians of 5 interleaved fresh processes,
 * load 6.8–7.7); the floor in the same run, raw sleeps with a live AbortSignal each, took
 * 1169–1285 ms.
 *
 * @example
 * if (isAborted(signal)) return Promise.reject(signal.reason);
 */
export function isAborted(signal: AbortSignal): boolean {
  const registry = (signal as Tagged)[kRegistry];
  return registry !== undefined && registry.owned ? registry.telling : signal.aborted;
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
    const foreign = new ForeignRegistry(signal);
    tagged[kRegistry] = registry = foreign;
    signal.addEventListener('abort', foreign, { once: true });
  }
  listener.abortRegistry = registry;
  const live = registry.live++;
  if (live === 0 && registry.listeners.length === 0) {
    registry.one = listener;
    listener.abortSlot = 0;
    return;
  }
  const one = registry.one;
  if (one !== null) {
    registry.one = null;
    registry.listeners = [one, listener];
    listener.abortSlot = 1;
  } else if (registry.listeners.length === 0) {
    registry.listeners = [listener];
    listener.abortSlot = 0;
  } else {
    listener.abortSlot = registry.listeners.push(listener) - 1;
  }
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
  if (registry.one === listener) registry.one = null;
  else registry.listeners[listener.abortSlot] = null;
  listener.abortRegistry = null;
  listener.abortSlot = -1;
  const live = --registry.live;
  if (live === 0) {
    if (!registry.telling) forget(registry);
    registry.listeners = NONE;
    if (!registry.owned) registry.signal.removeEventListener('abort', registry as ForeignRegistry);
  } else if (registry.listeners.length > 32 && live < registry.listeners.length >> 1 && !registry.telling) {
    compact(registry);
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
  if (registry === null) return false;
  // A lone subscriber sits in `one` (the array empty); otherwise the last is the array's end.
  return registry.one === listener || (registry.one === null && listener.abortSlot === registry.listeners.length - 1);
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
