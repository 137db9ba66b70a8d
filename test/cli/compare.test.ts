import { describe, expect, it } from 'vitest';
import { ALPHA, assertCovers, compareDocuments, ComparisonError } from '../../src/cli/compare.js';
import { validateDocument } from '../../src/cli/validate.js';
import { welchTest } from '../../src/core/welch.js';
import { strictSchema } from '../helpers/documents.js';
import { doc, env, report } from './compare-fixtures.js';

const before = report('gather', { sequential: [300, 302, 301], gather: [100, 101, 102] });

describe('compareDocuments', () => {
  it('pairs variants by name: before and after medians, the ratio after/before, and Welch\'s test', () => {
    const after = report('gather', { sequential: [600, 604, 602], gather: [100, 102, 101] });
    const c = compareDocuments(doc('a.json', before), doc('b.json', after));
    expect(c.schema).toBe('asyncdemo.comparison/1');
    expect(c.alpha).toBe(ALPHA);
    expect(c.demos).toHaveLength(1);
    const [seq, gather] = c.demos[0]!.variants;
    expect(seq).toMatchObject({ name: 'sequential', before: { median: 301, n: 3 }, after: { median: 602, n: 3 } });
    expect(seq!.ratio).toBeCloseTo(2, 12);
    expect(seq!.test!.significant).toBe(true);
    expect(gather!.ratio).toBeCloseTo(1, 12);
    expect(gather!.test!.significant).toBe(false);
    expect(c.regressions).toEqual([]); // no --max-regression, no gate
    expect(validateDocument('comparison', c, strictSchema('comparison'))).toEqual({ ok: true });
  });

  it('compares the headline speedup, and tests it on the per-round speedups', () => {
    const after = report('gather', { sequential: [300, 302, 301], gather: [200, 202, 201] });
    const h = compareDocuments(doc('a', before), doc('b', after)).demos[0]!.headline!;
    expect(h).toMatchObject({ variant: 'gather', baseline: 'sequential' });
    expect(h.before).toBeCloseTo(301 / 101, 12);
    expect(h.after).toBeCloseTo(301 / 201, 12);
    expect(h.ratio).toBeCloseTo(101 / 201, 12);
    expect(h.test!.significant).toBe(true);
    // Round i's speedup is the baseline's i-th run over the variant's i-th run.
    expect(h.test).toEqual(welchTest([300 / 100, 302 / 101, 301 / 102], [300 / 200, 302 / 202, 301 / 201]));
  });

  it('has no headline to compare when the two headlines are of different variants', () => {
    const after = report('gather', { gather: [100, 101, 102], sequential: [300, 302, 301] });
    expect(compareDocuments(doc('a', before), doc('b', after)).demos[0]!.headline).toBeNull();
  });

  it('with --max-regression: a median that rose beyond it, significantly, is a regression; less than it is not', () => {
    const after = report('gather', { sequential: [600, 604, 602], gather: [110, 112, 111] });
    const c = compareDocuments(doc('a', before), doc('b', after), { maxRegression: 25 });
    expect(c.maxRegression).toBe(25);
    // gather rose 10%, significantly but within the limit; the headline speedup rose.
    expect(c.regressions).toHaveLength(1);
    expect(c.regressions[0]).toMatchObject({ demo: 'gather', kind: 'variant', name: 'sequential' });
    expect(c.regressions[0]!.change).toBeCloseTo(1, 12);
    expect(c.regressions[0]!.p).toBeLessThan(ALPHA);
    expect(compareDocuments(doc('a', before), doc('b', after), { maxRegression: 100 }).regressions).toEqual([]);
    expect(compareDocuments(doc('a', before), doc('b', after), { maxRegression: 99 }).regressions).toHaveLength(1);
  });

  it('noise does not fail a build: a rise beyond the limit that the test calls chance is no regression', () => {
    const noisy = report('gather', { sequential: [300, 302, 301], gather: [90, 140, 200] });
    const c = compareDocuments(doc('a', before), doc('b', noisy), { maxRegression: 25 });
    const gather = c.demos[0]!.variants[1]!;
    expect(gather.ratio).toBeCloseTo(140 / 101, 12);
    expect(gather.test!.significant).toBe(false);
    expect(c.regressions.filter((r) => r.kind === 'variant')).toEqual([]);
  });

  it('with fewer than 3 runs a side there is no test, and the percentage alone decides', () => {
    const two = report('gather', { sequential: [300, 302], gather: [100, 102] });
    const slow = report('gather', { sequential: [300, 302], gather: [140, 141] });
    const c = compareDocuments(doc('a', two), doc('b', slow), { maxRegression: 25 });
    expect(c.demos[0]!.variants[1]!.test).toBeNull();
    expect(c.regressions).toEqual([
      { demo: 'gather', kind: 'variant', name: 'gather', change: expect.closeTo(140.5 / 101 - 1, 12) as unknown, p: null },
      { demo: 'gather', kind: 'headline', name: 'gather', change: expect.closeTo(1 - 101 / 140.5, 12) as unknown, p: null },
    ]);
  });

  it('a headline speedup that fell beyond the limit is a regression even when no median rose that much', () => {
    const after = report('gather', { sequential: [240, 241, 242], gather: [120, 121, 122] });
    const c = compareDocuments(doc('a', before), doc('b', after), { maxRegression: 25 });
    expect(c.regressions).toHaveLength(1);
    expect(c.regressions[0]).toMatchObject({ kind: 'headline', name: 'gather' });
    expect(c.regressions[0]!.change).toBeCloseTo(1 - 241 / 121 / (301 / 101), 12);
  });

  it('shows what differs between the environments and the parameters, and nothing that does not', () => {
    const after = report('gather', { sequential: [300, 302, 301], gather: [100, 101, 102] }, {
      env: { ...env, node: 'v24.1.0', load: [0.7, 0.4, 0.3] },
      params: { runs: 3, scale: 0.5 },
    });
    const c = compareDocuments(doc('a', report('gather', { sequential: [300, 302, 301], gather: [100, 101, 102] }, { params: { runs: 3, scale: 1 } })), doc('b', after));
    // A load 0.2 apart is the same machine state.
    expect(c.env).toEqual([{ name: 'node', before: 'v20.19.0', after: 'v24.1.0' }]);
    expect(c.demos[0]!.params).toEqual([{ name: 'scale', before: 1, after: 0.5 }]);
    const busy = report('gather', { sequential: [300], gather: [100] }, { env: { ...env, load: [3.5, 1, 1] } });
    expect(compareDocuments(doc('a', before), doc('b', busy)).env).toEqual([{ name: 'load', before: [0.5, 0.4, 0.3], after: [3.5, 1, 1] }]);
  });

  it('reads a report from before cpu, load and asyncdemo were in env: they show as missing', () => {
    const old = report('gather', { sequential: [300], gather: [100] }, { env: { node: 'v20.19.0', platform: 'linux', arch: 'x64', cpus: 2 } });
    const c = compareDocuments(doc('old.json', old), doc('b', before));
    expect(c.env.map((d) => [d.name, d.before, d.after])).toEqual([
      ['asyncdemo', null, '0.1.0'],
      ['cpu', null, 'Test CPU'],
      ['load', null, [0.5, 0.4, 0.3]],
    ]);
    expect(validateDocument('comparison', c, strictSchema('comparison'))).toEqual({ ok: true });
  });

  it('pairs the demos of summaries; those on one side only are listed', () => {
    const greet = report('greet', { sequential: [300], eager: [100] });
    const race = report('race', { a: [10], b: [5] });
    const c = compareDocuments(doc('a', before, greet), doc('b', race, greet, before));
    expect(c.demos.map((d) => d.demo)).toEqual(['gather', 'greet']);
    expect(c.onlyBefore).toEqual([]);
    expect(c.onlyAfter).toEqual(['race']);
  });

  it('refuses two documents without a demo in common, in one line', () => {
    const greet = report('greet', { sequential: [300], eager: [100] });
    expect(() => compareDocuments(doc('a.json', before), doc('b.json', greet))).toThrow(ComparisonError);
    expect(() => compareDocuments(doc('a.json', before), doc('b.json', greet))).toThrow(
      'a.json is a report of gather and b.json is a report of greet: no demo in common to compare.',
    );
  });
});

describe('assertCovers', () => {
  it('accepts a baseline with a report of the demo, and names what it is otherwise', () => {
    expect(() => assertCovers(doc('base.json', before), 'gather')).not.toThrow();
    expect(() => assertCovers(doc('base.json', before), 'greet')).toThrow('the baseline base.json is a report of gather, not of greet');
  });
});
