import type { RunContext } from '../../core/index.js';

/**
 * Above this many tasks a demo stops narrating each one: a million-task gather must
 * not build two million strings (or render them).
 */
export const NARRATION_LIMIT = 20;

/** Adds a narration line; see {@link narrator}. */
export type Say = (text: string) => void;

/**
 * `ctx.say` when `count` tasks are few enough to narrate, else `undefined` after saying
 * once `(narration off for N tasks)`. Call it as `say?.(\`…\`)`: an optional call does
 * not even evaluate its arguments, so a silent run builds no strings at all (and so an
 * argument must never hold work that has to happen: `say?.(await gather(…))` skipped the
 * await in taskgroup's gather variant once there were more than 20 items).
 *
 * @example
 * const say = narrator(ctx, names.length);
 * say?.(`Starting to greet ${name}`);
 */
export function narrator(ctx: RunContext, count: number, noun = 'tasks'): Say | undefined {
  if (count <= NARRATION_LIMIT) return (text) => ctx.say(text);
  ctx.say(`(narration off for ${count} ${noun})`);
  return undefined;
}

/**
 * A point in a run, as narration quotes it: `+0.50s`.
 *
 * @example
 * stamp(500); // '+0.50s'
 */
export function stamp(ms: number): string {
  return `+${(ms / 1000).toFixed(2)}s`;
}

/**
 * A duration for prose: seconds from one second up (`10 s`, `2.5 s`), else milliseconds
 * (`500 ms`, `0.2 ms`), so that scaled-down runs still read naturally.
 *
 * @example
 * duration(10_000); // '10 s'
 * duration(20);     // '20 ms'
 */
export function duration(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(3)} s` : `${+ms.toFixed(2)} ms`;
}
