/**
 * The name of the variant that runs at concurrency `c` in limit's sweep. The sweep's
 * chart finds each point's times by it, so the renderer imports it from here: importing
 * it from the limit demo would load that demo on every run.
 *
 * @example
 * concurrencyVariant(4); // 'c=4'
 */
export function concurrencyVariant(c: number): string {
  return `c=${c}`;
}
