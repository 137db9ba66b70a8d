import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Speedup } from '../../../src/core/measure.js';
import { headline } from '../../../src/cli/render/headline.js';
import { colour, plain } from './fixtures.js';

const gather: Speedup = { variant: 'gather', baseline: 'sequential', value: 2.9934, stddev: 0.018, ideal: 3, efficiency: 0.9978, valid: true };

describe('headline', () => {
  it('states a single run without a spread', () => {
    expect(headline(gather, 1, plain)).toBe('gather ran 2.99× faster than sequential (ideal 3.00×, efficiency 99.8%)');
  });

  it('adds ± σ from two runs on', () => {
    expect(headline(gather, 2, plain)).toBe('gather ran 2.99 ± 0.02× faster than sequential (ideal 3.00×, efficiency 99.8%)');
  });

  it('turns a ratio below 1 round and propagates its spread through the reciprocal', () => {
    const slower: Speedup = { variant: 'limited', baseline: 'sequential', value: 0.8, stddev: 0.032, ideal: 3, efficiency: 0.8 / 3, valid: true };
    expect(headline(slower, 1, plain)).toBe('limited ran 1.25× slower than sequential (ideal 3.00×, efficiency 26.7%)');
    // σ(1/v) = σ/v² = 0.032 / 0.64 = 0.05
    expect(headline(slower, 3, plain)).toBe('limited ran 1.25 ± 0.05× slower than sequential (ideal 3.00×, efficiency 26.7%)');
  });

  it('turns a planned slowdown (an ideal below 1) round too, so both figures read on one scale', () => {
    // fetch-all --variants concurrent,limited printed "2.92× slower … (ideal 0.20×, …)".
    const bounded: Speedup = { variant: 'limited', baseline: 'concurrent', value: 0.342, stddev: 0, ideal: 0.2, efficiency: 1.71, valid: true };
    expect(headline(bounded, 1, plain)).toBe('limited ran 2.92× slower than concurrent (ideal 5.00× slower, efficiency 171.0%)');
  });

  it('calls exactly 1 "faster", not "slower"', () => {
    expect(headline({ ...gather, value: 1, efficiency: 1 / 3 }, 1, plain)).toMatch(/^gather ran 1\.00× faster than/);
  });

  it('says n/a rather than printing NaN when nothing could be compared', () => {
    const text = headline({ ...gather, value: Number.NaN, efficiency: Number.NaN }, 1, plain);
    expect(text).toBe('gather vs sequential: speedup n/a (ideal 3.00×, efficiency n/a)');
    expect(text).not.toContain('NaN');
  });

  it('colours only decorate: stripped of escapes the text is the same', () => {
    const coloured = headline(gather, 3, colour);
    expect(coloured).not.toBe(headline(gather, 3, plain));
    expect(coloured).toContain('\u001b[');
    expect(stripVTControlCharacters(coloured)).toBe(headline(gather, 3, plain));
  });

  it('says where a measured ideal comes from', () => {
    expect(headline(gather, 1, plain, 'measured')).toBe(
      "gather ran 2.99× faster than sequential (ideal 3.00× from sequential's measured spans, efficiency 99.8%)",
    );
  });

  // cpu's promise-all: the ideal is 1×, so a few percent either way is noise, never "faster".
  it.each([
    [1.05, 'promise-all took about as long as sequential'],
    [0.93, 'promise-all took about as long as sequential'],
    [1.3, 'promise-all took 1.30× less time than sequential'],
    [0.5, 'promise-all took 2.00× more time than sequential'],
  ])('never calls %s× "faster" where no speedup is possible (ideal 1×)', (value, start) => {
    const text = headline({ ...gather, variant: 'promise-all', value, ideal: 1, efficiency: value }, 1, plain);
    expect(text).toBe(`${start}: no speedup expected (ideal 1.00×)`);
    expect(text).not.toMatch(/faster|slower|efficiency/);
  });
});
