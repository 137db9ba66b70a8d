/**
 * The CPU-bound work of the `cpu` demo: a loop that keeps one core busy and never
 * awaits. It is pure JavaScript with no imports, so the main thread and a worker
 * thread run exactly the same code.
 */

// The inner counter stays below 2³¹ so V8 keeps it a small integer, however many
// iterations a long `--work` asks for.
const CHUNK = 1 << 20;

/**
 * Runs `iterations` rounds of an FNV-1a-style hash and returns the hash, so the loop
 * has an observable result V8 cannot skip. Time is linear in `iterations` once the
 * function is optimised (about 1 ns per iteration on a 2020s x86 core), which is what
 * makes {@link calibrate}'s extrapolation from a short probe sound.
 *
 * @example
 * spin(1_000_000); // a 32-bit unsigned checksum, ~1 ms of one core
 */
export function spin(iterations: number): number {
  let h = 0x811c9dc5 | 0;
  let left = iterations;
  while (left > 0) {
    const n = left < CHUNK ? left : CHUNK;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ i, 0x01000193);
    left -= n;
  }
  return h >>> 0;
}
