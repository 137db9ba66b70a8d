import { type RunContext, sleep } from '../../core/index.js';
import { InjectedFailure } from './failure.js';
import { narrator, type Say } from './narration.js';
import type { Demo } from '../types.js';

/**
 * `--delay` for the demos built on the tutorial's `greet()` (greet, gather): its
 * `asyncio.sleep(1)`.
 *
 * @example
 * export const greetDemo: Demo = { name: 'greet', delay: GREETING_DELAY, … };
 */
export const GREETING_DELAY: Demo['delay'] = { defaultMs: 1000, help: "how long each greeting waits (the tutorial's asyncio.sleep(1))" };

/** What every greeting of a run shares. */
export interface Greetings {
  names: readonly string[];
  /** Each greeting's wait, scaled. */
  ms: number;
  /** The index of the greeting that throws halfway through its wait, or -1. */
  fail: number;
}

/** A run's greetings: how to start each, and the narration they share. */
export interface Greeter {
  /** Records greeting `index` with `ctx.task` and returns its promise. */
  start: (index: number) => Promise<string | undefined>;
  /** The run's narrator ({@link narrator}): undefined when there are too many greetings to narrate. */
  say: Say | undefined;
}

/**
 * The tutorial's `greet(name)` as a task starter for one run. While the greetings are
 * few enough to narrate, they narrate like the seed ("Starting to greet X", "Done
 * greeting X") and resolve to "Hello, X!"; past that ({@link narrator}) every task
 * shares one closure and one options object and resolves to undefined, so a million
 * greetings cost a million sleeps and nothing else. The failing greeting throws an
 * {@link InjectedFailure} `"<name> failed"` halfway through its wait, so that the tasks
 * still running when it fails are visible. `say` is the same narrator, for the
 * variant's own lines.
 *
 * @example
 * const { start, say } = greeter(ctx, { names: ['Alice', 'Bob'], ms: 1000, fail: -1 });
 * const results = await gather([start(0), start(1)]); // ['Hello, Alice!', 'Hello, Bob!'] after 1 s
 * say?.(results.join(' '));
 */
export function greeter(ctx: RunContext, g: Greetings): Greeter {
  const say = narrator(ctx, g.names.length);
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
  const start = (index: number): Promise<string | undefined> => {
    const name = g.names[index]!;
    if (index === g.fail) return ctx.task(name, () => failing(name));
    if (say === undefined) return ctx.task(name, silent);
    return ctx.task(name, () => greet(name, say));
  };
  return { start, say };
}
