import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/server/http-error.js';
import { parseInteger, parseSeconds, parseStatusList, pickStatus } from '../../src/server/params.js';

function status(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
  return undefined;
}

describe('parseSeconds', () => {
  it.each([
    ['1', 1000],
    ['0', 0],
    ['0.5', 500],
    ['.25', 250],
    ['10', 10_000],
    ['250ms', 250],
    ['1.5s', 1500],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseSeconds(text, 'delay')).toBe(ms);
  });

  it.each(['-1', 'nan', 'NaN', 'Infinity', '1e3', '0x10', '', '11', '10.001', 'abc', ' 1', '1 ', '1m', '10001ms'])(
    'rejects %j with a 400 naming the parameter',
    (text) => {
      expect(status(() => parseSeconds(text, 'delay'))).toBe(400);
      expect(() => parseSeconds(text, 'delay')).toThrow(/^delay must be 0 to 10 seconds/);
    },
  );
});

describe('parseInteger', () => {
  it('accepts the bounds and rejects what Number() would let through', () => {
    expect(parseInteger('0', 'n', 0, 5)).toBe(0);
    expect(parseInteger('5', 'n', 0, 5)).toBe(5);
    for (const bad of ['6', '-1', '1.5', '0x10', '1e3', '', 'five']) expect(status(() => parseInteger(bad, 'n', 0, 5))).toBe(400);
  });
});

describe('parseStatusList and pickStatus', () => {
  it('reads one code, a uniform list and a weighted list', () => {
    expect(parseStatusList('418')).toEqual([{ code: 418, weight: 1 }]);
    expect(parseStatusList('200,500')).toEqual([
      { code: 200, weight: 1 },
      { code: 500, weight: 1 },
    ]);
    expect(parseStatusList('200:0.9,500:0.1')).toEqual([
      { code: 200, weight: 0.9 },
      { code: 500, weight: 0.1 },
    ]);
  });

  it.each(['', 'abc', '99', '600', '1xx', '200:', '200:-1', '200:x', '200:1:2', '200:0,500:0', '200:Infinity'])(
    'rejects %j with 400',
    (text) => {
      expect(status(() => parseStatusList(text))).toBe(400);
    },
  );

  it('picks by weight: the random point falls in each code’s share', () => {
    const list = parseStatusList('200:0.9,500:0.1');
    expect(pickStatus(list, () => 0)).toBe(200);
    expect(pickStatus(list, () => 0.899)).toBe(200);
    expect(pickStatus(list, () => 0.91)).toBe(500);
    expect(pickStatus(list, () => 0.9999999999)).toBe(500);
  });

  it('never picks a zero-weight code, even at the edges', () => {
    const list = parseStatusList('200:0,503:1,404:0');
    for (const r of [0, 0.5, 0.999999999999]) expect(pickStatus(list, () => r)).toBe(503);
  });
});
