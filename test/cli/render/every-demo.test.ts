/**
 * Every demo, run as the CLI runs it (its options' defaults, its plan, `measure`), and
 * every detail it attaches drawn by its renderer: a detail whose shape drifted from what
 * its renderer reads would draw nothing (or throw) here, where hand-made fixtures would
 * still pass; and the variants each plan names are the ones its definition declares. The
 * demos run on the fake clock, except cpu (real work on real threads)
 * and fetch-all (real requests to the embedded server), which run tiny on the system clock.
 */
import { describe, expect, it } from 'vitest';
import { resolveDemoParams, variantNamesOf } from '../../../src/cli/options.js';
import { detailRenderers, renderDetail } from '../../../src/cli/render/details.js';
import { measure, type Measurement } from '../../../src/core/index.js';
import { JSON_ONLY_DETAILS } from '../../../src/demos/details.js';
import { demos } from '../../../src/demos/index.js';
import type { Demo } from '../../../src/demos/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { plain } from './fixtures.js';

/** What real time demos need to stay small: as few and as short tasks as still show the point. */
const REAL_TIME: Record<string, { count: number; scale: number; options?: Record<string, unknown> }> = {
  cpu: { count: 2, scale: 1, options: { work: 5 } },
  'fetch-all': { count: 2, scale: 0.01 },
};

/**
 * Every key of DemoDetails: the typecheck makes detailRenderers hold every key that is
 * not JSON-only, so together they are the whole map, with nothing to list by hand here.
 */
const KEYS: readonly string[] = [...Object.keys(detailRenderers), ...JSON_ONLY_DETAILS];

async function measureDemo(demo: Demo): Promise<Measurement> {
  const real = REAL_TIME[demo.name];
  const params = resolveDemoParams(demo, { scale: real?.scale, count: real?.count, options: real?.options, signal: new AbortController().signal });
  const plan = await demo.plan(params);
  try {
    // The names are stated before any plan (list, --help, --variants need them without the
    // servers and threads a plan starts), and plan() names its variants again: they must
    // agree, in order. variantNames is the default run's (a plan may leave one out:
    // taskgroup's gather comes with --fail), variantsFor this run's exactly.
    const names = plan.variants.map((v) => v.name);
    expect(names, `${demo.name}: its plan's variants are among its variantNames, in order`).toEqual(
      demo.variantNames.filter((name) => names.includes(name)),
    );
    expect(names, `${demo.name}: its plan's variants are the ones --variants is checked against`).toEqual(variantNamesOf(demo, params));
    expect(demo.variantNames, `${demo.name}: its headline is a declared variant`).toContain(plan.headline);
    if (real !== undefined) return await measure({ variants: plan.variants, headline: plan.headline });
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants, headline: plan.headline, clock }));
    expect(clock.pendingTimers).toBe(0);
    return m;
  } finally {
    await plan.close?.();
  }
}

const drawn = new Set<string>();

describe('every demo, drawn by its detail renderers', () => {
  it.each(demos.map((d) => [d.name, d] as const))('%s: its plan names declared variants; every detail it attaches is a known key, and each rendered one draws', async (_name, demo) => {
    const m = await measureDemo(demo);
    const attached = new Map<string, string[]>();
    for (const v of m.variants) {
      expect(v.error, `${demo.name}/${v.name}`).toBeUndefined();
      for (const [key, value] of Object.entries(v.details ?? {})) {
        expect(KEYS, `${demo.name}/${v.name} attaches an undeclared detail`).toContain(key);
        const lines = renderDetail(key, value, plain, 78);
        attached.set(key, [...(attached.get(key) ?? []), ...lines]);
      }
    }
    for (const [key, lines] of attached) {
      if (!(key in detailRenderers)) continue;
      // The sweep is drawn once, under its last variant: per demo, some variant must draw.
      expect(lines.join('\n'), `${demo.name}: the ${key} renderer drew nothing`).not.toBe('');
      drawn.add(key);
    }
  });

  it('leaves no renderer without a demo that feeds it', () => {
    expect([...drawn].sort()).toEqual(Object.keys(detailRenderers).sort());
  });
});
