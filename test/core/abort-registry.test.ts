import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbortListener, isAborted, OwnedAbortController, onAbort, subscribe, unsubscribe } from '../../src/core/abort.js';
import { systemClock } from '../../src/core/clock.js';

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

/** A listener object that logs its name, what it saw, and can run an extra action. */
class Logger extends AbortListener {
  constructor(
    readonly name: string,
    readonly log: string[],
    readonly also?: () => void,
  ) {
    super();
  }
  onabort(signal: AbortSignal): void {
    this.log.push(`${this.name}:${signal.aborted ? String(signal.reason) : 'not aborted'}`);
    this.also?.();
  }
}

describe('subscribe / unsubscribe (listener objects)', () => {
  it('tells each listener once, in subscription order, with the aborted signal, behind one real listener', () => {
    const controller = new AbortController();
    const log: string[] = [];
    const all = Array.from({ length: 40 }, (_, i) => new Logger(`l${i}`, log));
    for (const l of all) subscribe(controller.signal, l);
    expect(listeners(controller.signal)).toBe(1);
    controller.abort('why');
    controller.abort('again');
    expect(log).toEqual(all.map((l) => `${l.name}:why`));
    expect(listeners(controller.signal)).toBe(0);
    for (const l of all) unsubscribe(l); // harmless once told
    expect(all.every((l) => l.abortRegistry === null)).toBe(true);
  });

  it('keeps order and identity through compaction, and the last one out removes the real listener', () => {
    const controller = new AbortController();
    const log: string[] = [];
    const all = Array.from({ length: 100 }, (_, i) => new Logger(`l${i}`, log));
    for (const l of all) subscribe(controller.signal, l);
    // Removing most of them compacts the registry: the survivors move to new slots.
    const gone = all.filter((_, i) => i % 3 !== 0);
    for (const l of gone) unsubscribe(l);
    const late = Array.from({ length: 5 }, (_, i) => new Logger(`late${i}`, log));
    for (const l of late) subscribe(controller.signal, l);
    // After the move, unsubscribing must still remove exactly the one asked for.
    unsubscribe(all[3]!);
    unsubscribe(late[1]!);
    const expected = [...all.filter((_, i) => i % 3 === 0 && i !== 3), ...late.filter((_, i) => i !== 1)];
    controller.abort('x');
    expect(log).toEqual(expected.map((l) => `${l.name}:x`));

    const quiet = new AbortController();
    const some = Array.from({ length: 50 }, (_, i) => new Logger(`q${i}`, log));
    for (const l of some) subscribe(quiet.signal, l);
    for (const l of some) unsubscribe(l);
    expect(listeners(quiet.signal)).toBe(0);
    subscribe(quiet.signal, some[0]!); // a fresh registry for a new subscriber
    expect(listeners(quiet.signal)).toBe(1);
    unsubscribe(some[0]!);
    expect(listeners(quiet.signal)).toBe(0);
  });

  it('does not tell a listener that an earlier one unsubscribed during the abort', () => {
    const controller = new AbortController();
    const log: string[] = [];
    const later = new Logger('later', log);
    const first = new Logger('first', log, () => unsubscribe(later));
    const last = new Logger('last', log, () => unsubscribe(first)); // already told: a no-op
    subscribe(controller.signal, first);
    subscribe(controller.signal, later);
    subscribe(controller.signal, last);
    controller.abort('r');
    expect(log).toEqual(['first:r', 'last:r']);
  });

  it('keeps signals apart, and onAbort callbacks share the same registry', () => {
    const a = new AbortController();
    const b = new AbortController();
    const log: string[] = [];
    subscribe(a.signal, new Logger('a', log));
    subscribe(b.signal, new Logger('b', log));
    onAbort(a.signal, () => log.push('cb'));
    expect(listeners(a.signal)).toBe(1);
    a.abort('ra');
    expect(log).toEqual(['a:ra', 'cb']);
    b.abort('rb');
    expect(log).toEqual(['a:ra', 'cb', 'b:rb']);
  });
});

describe('OwnedAbortController', () => {
  it('tells its subscribers itself: no event listener on its signal, ever', () => {
    const controller = new OwnedAbortController();
    const log: string[] = [];
    const all = Array.from({ length: 3 }, (_, i) => new Logger(`l${i}`, log));
    for (const l of all) subscribe(controller.signal, l);
    expect(listeners(controller.signal)).toBe(0);
    unsubscribe(all[1]!);
    controller.signal.addEventListener('abort', () => log.push('native'));
    controller.abort('why');
    // Native listeners first (the signal's own event), then ours, each with the reason.
    expect(log).toEqual(['native', 'l0:why', 'l2:why']);
    controller.abort('again');
    expect(log).toHaveLength(3);
  });

  it('stays owned after its last subscriber leaves, and aborts like an AbortController', () => {
    const controller = new OwnedAbortController();
    const log: string[] = [];
    const l = new Logger('l', log);
    subscribe(controller.signal, l);
    unsubscribe(l);
    subscribe(controller.signal, l);
    expect(listeners(controller.signal)).toBe(0);
    controller.abort();
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toMatchObject({ name: 'AbortError' });
    expect(log).toEqual([`l:${String(controller.signal.reason)}`]);
    // A composite signal follows it, as it follows any AbortController.
    const owned = new OwnedAbortController();
    const any = AbortSignal.any([owned.signal]);
    owned.abort('r');
    expect(any.aborted).toBe(true);
    expect(any.reason).toBe('r');
  });
});

describe('subscribe / unsubscribe against a model (a lone subscriber is held without an array)', () => {
  it('tells exactly the subscribed listeners, in subscription order, for owned and foreign signals alike', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('subscribe' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('unsubscribe' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 80 }), fc.nat(), (owned, ops, abortAt) => {
        const controller = owned ? new OwnedAbortController() : new AbortController();
        const log: string[] = [];
        const pool = Array.from({ length: 6 }, (_, i) => new Logger(`l${i}`, log));
        const model: Logger[] = [];
        const stop = abortAt % (ops.length + 1);
        ops.slice(0, stop).forEach((o) => {
          const l = pool[o.pick % pool.length]!;
          const at = model.indexOf(l);
          if (o.kind === 'subscribe' && at < 0) {
            subscribe(controller.signal, l);
            model.push(l);
          } else if (o.kind === 'unsubscribe') {
            unsubscribe(l); // a no-op for one not subscribed
            if (at >= 0) model.splice(at, 1);
          }
          // Owned: never a real listener; foreign: one while anybody waits, none after.
          expect(listeners(controller.signal)).toBe(owned || model.length === 0 ? 0 : 1);
          expect(pool.filter((p) => p.abortRegistry !== null)).toEqual(expect.arrayContaining(model));
          expect(pool.filter((p) => p.abortRegistry !== null)).toHaveLength(model.length);
        });
        controller.abort('r');
        expect(log).toEqual(model.map((l) => `${l.name}:r`));
        expect(pool.every((p) => p.abortRegistry === null)).toBe(true);
        expect(listeners(controller.signal)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isAborted', () => {
  it('is signal.aborted: for an owned signal from the moment its abort starts, for any other its own', () => {
    const owned = new OwnedAbortController();
    const plain = new AbortController();
    const seen: boolean[] = [];
    owned.signal.addEventListener('abort', () => seen.push(isAborted(owned.signal)));
    expect([isAborted(owned.signal), isAborted(plain.signal)]).toEqual([false, false]);
    subscribe(plain.signal, new Logger('l', [])); // a registry that is not owned
    owned.abort('r');
    plain.abort('r');
    expect([isAborted(owned.signal), isAborted(plain.signal), isAborted(AbortSignal.abort())]).toEqual([true, true, true]);
    expect(seen).toEqual([true]);
  });

  it('makes a real sleep on an aborted owned signal reject at once with its reason, leaving no timer', async () => {
    const owned = new OwnedAbortController();
    owned.abort('gone');
    const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const sleeping = systemClock.sleep(60_000, owned.signal);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(timers);
    await expect(sleeping).rejects.toBe('gone');
  });
});
