/**
 * `await using` is what the library's resources (TaskGroup, the seed's AsyncDatabase)
 * rely on. Node 20 cannot parse it and has no SuppressedError, so the compiler lowers it;
 * these tests pin the semantics that lowering must keep (asyncio's `async with`, nested).
 */
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock } from '../helpers/fake-clock.js';

interface Options {
  /** Thrown by the resource's dispose, after it has waited. */
  fail?: Error;
}

function opener(clock: FakeClock, log: string[]) {
  return (name: string, { fail }: Options = {}): AsyncDisposable => {
    log.push(`open ${name}@${clock.now()}`);
    return {
      async [Symbol.asyncDispose]() {
        log.push(`close ${name} start@${clock.now()}`);
        await sleep(100, { clock });
        log.push(`close ${name} end@${clock.now()}`);
        if (fail !== undefined) throw fail;
      },
    };
  };
}

/** The stand-in TypeScript and esbuild build when there is no global SuppressedError. */
interface Suppressed {
  name: string;
  error: unknown;
  suppressed: unknown;
}

describe('await using', () => {
  it('disposes in reverse order, one at a time, after the body', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const open = opener(clock, log);
    const body = async (): Promise<string> => {
      await using _a = open('a');
      await using _b = open('b');
      await using _c = open('c');
      await sleep(50, { clock });
      log.push(`body end@${clock.now()}`);
      return 'result';
    };
    expect(await clock.run(body())).toBe('result');
    expect(log).toEqual([
      'open a@0',
      'open b@0',
      'open c@0',
      'body end@50',
      'close c start@50',
      'close c end@150',
      'close b start@150',
      'close b end@250',
      'close a start@250',
      'close a end@350',
    ]);
  });

  it('disposes the same way when the body throws, and rethrows the body error as is', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const open = opener(clock, log);
    const boom = new Error('body failed');
    const body = async (): Promise<void> => {
      await using _a = open('a');
      await using _b = open('b');
      await sleep(50, { clock });
      throw boom;
    };
    await expect(clock.run(body())).rejects.toBe(boom);
    expect(log).toEqual([
      'open a@0',
      'open b@0',
      'close b start@50',
      'close b end@150',
      'close a start@150',
      'close a end@250',
    ]);
  });

  it('disposes only what was acquired when an acquisition throws', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const open = opener(clock, log);
    const refused = new Error('cannot open b');
    const body = async (): Promise<void> => {
      await using _a = open('a');
      await using _b = ((): AsyncDisposable => {
        throw refused;
      })();
      log.push('unreachable');
    };
    await expect(clock.run(body())).rejects.toBe(refused);
    expect(log).toEqual(['open a@0', 'close a start@0', 'close a end@100']);
  });

  it('wraps a dispose error on top of a body error in a SuppressedError with .error and .suppressed', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const open = opener(clock, log);
    const bodyError = new Error('body failed');
    const disposeError = new Error('close failed');
    const body = async (): Promise<void> => {
      await using _a = open('a');
      await using _b = open('b', { fail: disposeError });
      throw bodyError;
    };
    const err = (await clock.run(body()).catch((e: unknown) => e)) as Suppressed;
    // Node 20 has no SuppressedError global, so the lowering builds an Error named so.
    expect(err.name).toBe('SuppressedError');
    expect(err.error).toBe(disposeError);
    expect(err.suppressed).toBe(bodyError);
    // A failing dispose does not stop the ones after it.
    expect(log.at(-1)).toBe('close a end@200');
  });

  it('nests SuppressedErrors when several disposals fail, the last failure outermost', async () => {
    const clock = new FakeClock();
    const open = opener(clock, []);
    const aError = new Error('close a failed');
    const bError = new Error('close b failed');
    const body = async (): Promise<void> => {
      await using _a = open('a', { fail: aError });
      await using _b = open('b', { fail: bError });
    };
    const err = (await clock.run(body()).catch((e: unknown) => e)) as Suppressed;
    expect(err.name).toBe('SuppressedError');
    expect(err.error).toBe(aError);
    expect(err.suppressed).toBe(bError);
  });

  it('rejects with a lone dispose error itself, unwrapped', async () => {
    const clock = new FakeClock();
    const disposeError = new Error('close failed');
    const open = opener(clock, []);
    const body = async (): Promise<string> => {
      await using _a = open('a', { fail: disposeError });
      return 'ignored';
    };
    await expect(clock.run(body())).rejects.toBe(disposeError);
  });
});
