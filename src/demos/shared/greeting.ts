import { type RunContext, sleep } from '../../core/index.js';
import { InjectedFailure } from './failure.js';
import type { Say } from './narration.js';

/** What every greeting of a run shares. */
export interface Greetings {
  names: readonly string[];
  /** Each greeting's wait, scaled. */
  ms: number;
  /** The index of the greeting that throws halfway through its wait, or -1. */
  fail: number;
}

/**
 * The tutorial's `greet(name)` as a task starter: `start(i)` records greeting `i` with
 * `ctx.task` and returns its promise. With `say` it narrates like the seed
 * ("Starting to greet X", "Done greeting X") and resolves to "Hello, X!"; without it
 * every task shares one closure and one options object and resolves to undefined, so a
 * million greetings cost a million sleeps and nothing else. The failing greeting throws
 * an {@link InjectedFailure} `"<name> failed"` halfway through its wait, so that the
 * tasks still running when it fails are visible.
 *
 * @example
 * const start = greeter(ctx, { names: ['Alice', 'Bob'], ms: 1000, fail: -1 }, say);
 * await gather([start(0), start(1)]); // ['Hello, Alice!', 'Hello, Bob!'] after 1 s
 */
export function greeter(ctx: RunContext, g: Greetings, say: Say | undefined): (index: number) => Promise<string | undefined> {
  const options = { signal: ctx.signal, clock: ctx.clock };
  const silent = (): Promise<undefined> => sleep(g.ms, options) as Promise<undefined>;
  const failing = async (name: string): Promise<never> => {
    say?.(`Starting to greet ${name}`);
    await sleep(g.ms / 2, options);
    throw new InjectedFailure(`${name} failed`);
  };
  const greet = async (name: string, speak: Say): Promise<string> => {
    speak(`Starting to greet ${name}`);
    await sleep(g.ms, options);
    speak(`Done greeting ${name}`);
    return `Hello, ${name}!`;
  };
  return (index) => {
    const name = g.names[index]!;
    if (index === g.fail) return ctx.task(name, () => failing(name));
    if (say === undefined) return ctx.task(name, silent);
    return ctx.task(name, () => greet(name, say));
  };
}
