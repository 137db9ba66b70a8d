/**
 * A seeded source of numbers in [0, 1) (mulberry32): the same seed gives the same
 * sequence on every machine, so a demo's "random" failures and jitter are reproducible
 * (`--seed`) and its planned time can be computed ahead by replaying the draws.
 *
 * @example
 * const random = seeded(42);
 * random(); // always the same first number for seed 42
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed of stream `index` derived from `seed`, so that each of many concurrent calls
 * draws from its own sequence and the order in which they interleave changes nothing.
 *
 * @example
 * const perCall = [0, 1, 2].map((i) => seeded(streamSeed(7, i)));
 */
export function streamSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}
