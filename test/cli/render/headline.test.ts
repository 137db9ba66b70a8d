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
    expect(headline(bounded, 1, plain)).toBe('limited ran 2.92× slower than concurrent (planned 5.00× slower)');
    // Nothing to compare: the plan is still said one way, the way the headline says it.
    expect(headline({ ...bounded, value: Number.NaN }, 1, plain)).toBe('limited vs concurrent: speedup n/a (planned 5.00× slower)');
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

  // fetch-all --variants concurrent,limited: the baseline is the faster plan (ideal 0.50×).
  describe('where the plan has the variant slower than its baseline', () => {
    const limited: Speedup = { variant: 'limited', baseline: 'concurrent', value: 0.69, stddev: 0.0238, ideal: 0.5, efficiency: 1.38, valid: true };

    it('says the plan in the run\'s direction, "planned 2.00× slower", and no efficiency', () => {
      expect(headline(limited, 1, plain)).toBe('limited ran 1.45× slower than concurrent (planned 2.00× slower)');
      expect(headline(limited, 3, plain)).toBe('limited ran 1.45 ± 0.05× slower than concurrent (planned 2.00× slower)');
    });

    it('a run faster than its baseline against a plan that has it slower says both, as they are', () => {
      expect(headline({ ...limited, value: 1.1, efficiency: 2.2 }, 1, plain)).toBe('limited ran 1.10× faster than concurrent (planned 2.00× slower)');
    });

    it('a measured plan is "expected", and says where it comes from', () => {
      expect(headline(limited, 1, plain, 'measured')).toBe(
        "limited ran 1.45× slower than concurrent (expected 2.00× slower from concurrent's measured spans)",
      );
    });

    it('below 0.90×; closer to 1× no speedup is expected, as before', () => {
      expect(headline({ ...limited, ideal: 0.89 }, 1, plain)).toBe('limited ran 1.45× slower than concurrent (planned 1.12× slower)');
      expect(headline({ ...limited, ideal: 0.95 }, 1, plain)).toMatch(/: no speedup expected \(ideal 0\.95×\)$/);
    });

    it('colours only decorate', () => {
      expect(stripVTControlCharacters(headline(limited, 1, colour))).toBe(headline(limited, 1, plain));
    });
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
