/**
 * One real 'abort' listener per signal, however many waiters share it.
 *
 * `signal.addEventListener` scans the existing listeners on every call, so 100 000
 * sleepers on one signal cost O(n²) (Node's own `timers/promises` shows it: 20 000
 * sleepers take 50× longer). Here every waiter is an entry in a Set behind a single
 * listener: adding and removing are O(1), and the listener is removed as soon as the
 * last waiter leaves, so a long-lived signal never accumulates listeners.
 */

type Callback = () => void;

interface Entry {
  readonly callbacks: Set<Callback>;
  readonly listener: () => void;
}

const entries = new WeakMap<AbortSignal, Entry>();

/**
 * Calls `callback` once when `signal` aborts; returns a function that unsubscribes.
 * The signal must not be aborted yet (callers check `signal.aborted` first, since they
 * want to reject synchronously with `signal.reason` in that case).
 *
 * @example
 * const off = onAbort(signal, () => clearTimeout(timer));
 * // ... later, on every other path:
 * off();
 */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  let entry = entries.get(signal);
  if (entry === undefined) {
    const callbacks = new Set<Callback>();
    const listener = (): void => {
      entries.delete(signal);
      for (const cb of callbacks) cb();
      callbacks.clear();
    };
    entry = { callbacks, listener };
    entries.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  // Wrap so that one function may subscribe twice and unsubscribe each independently.
  const own: Callback = () => callback();
  entry.callbacks.add(own);
  const current = entry;
  return () => {
    if (!current.callbacks.delete(own)) return;
    if (current.callbacks.size === 0 && entries.get(signal) === current) {
      entries.delete(signal);
      signal.removeEventListener('abort', current.listener);
    }
  };
}
