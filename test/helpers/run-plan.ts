import { measure, type Measurement } from '../../src/core/measure.js';
import type { DemoPlan } from '../../src/demos/types.js';

/**
 * Runs the chosen variants of a demo's plan once on the real clock, then closes the plan
 * (its server, its clients) whatever happened.
 *
 * @example
 * const m = await runPlan(await fetchAllDemo.plan(params), ['sequential']);
 */
export async function runPlan(plan: DemoPlan, names?: string[], measureSignal?: AbortSignal): Promise<Measurement> {
  try {
    const variants = names === undefined ? plan.variants : plan.variants.filter((v) => names.includes(v.name));
    return await measure({ variants, signal: measureSignal });
  } finally {
    await plan.close?.();
  }
}
