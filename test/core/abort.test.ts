import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../src/core/abort.js';

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

describe('onAbort', () => {
  it('puts one real listener on a signal however many subscribe, and runs every callback once, in order', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    for (let i = 0; i < 50; i++) onAbort(controller.signal, () => calls.push(i));
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    controller.abort(); // a second abort is a no-op for the signal, and so for us
    controller.signal.dispatchEvent(new Event('abort')); // a forged event finds no listener left
    expect(calls).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(listeners(controller.signal)).toBe(0);
  });

  it('unsubscribes idempotently: a second call does not remove anyone else', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const offA = onAbort(controller.signal, () => calls.push('a'));
    onAbort(controller.signal, () => calls.push('b'));
    offA();
    offA();
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    expect(calls).toEqual(['b']);
  });

  it('removes the real listener with the last unsubscribe, and adds it again for a new subscriber', () => {
    const controller = new AbortController();
    const offs = Array.from({ length: 3 }, () => onAbort(controller.signal, () => {}));
    offs[0]!();
    offs[1]!();
    expect(listeners(controller.signal)).toBe(1);
    offs[2]!();
    expect(listeners(controller.signal)).toBe(0);
    let ran = 0;
    onAbort(controller.signal, () => ran++);
    expect(listeners(controller.signal)).toBe(1);
    for (const off of offs) off(); // stale unsubscribes must not touch the new subscription
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    expect(ran).toBe(1);
  });

  it('lets one function subscribe twice and unsubscribe each subscription on its own', () => {
    const controller = new AbortController();
    let ran = 0;
    const callback = (): void => {
      ran++;
    };
    const first = onAbort(controller.signal, callback);
    onAbort(controller.signal, callback);
    first();
    controller.abort();
    expect(ran).toBe(1);
  });

  it('does not run a callback unsubscribed earlier, nor one unsubscribed by another callback during the abort', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const offGone = onAbort(controller.signal, () => calls.push('gone'));
    offGone();
    let offLater = (): void => {};
    onAbort(controller.signal, () => {
      calls.push('first');
      offLater();
    });
    offLater = onAbort(controller.signal, () => calls.push('later'));
    controller.abort();
    expect(calls).toEqual(['first']);
  });

  it('keeps signals independent, and unsubscribing after the abort is harmless', () => {
    const a = new AbortController();
    const b = new AbortController();
    const calls: string[] = [];
    const offA = onAbort(a.signal, () => calls.push('a'));
    onAbort(b.signal, () => calls.push('b'));
    a.abort();
    expect(calls).toEqual(['a']);
    expect(listeners(b.signal)).toBe(1);
    expect(() => offA()).not.toThrow();
    b.abort();
    expect(calls).toEqual(['a', 'b']);
  });

  it('100 000 subscribers, half of them gone: still one real listener, and the rest run once', () => {
    const controller = new AbortController();
    let ran = 0;
    const offs = Array.from({ length: 100_000 }, () => onAbort(controller.signal, () => ran++));
    expect(listeners(controller.signal)).toBe(1);
    for (const off of offs.slice(0, 50_000)) off();
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    expect(ran).toBe(50_000);
    expect(listeners(controller.signal)).toBe(0);
  });
});
