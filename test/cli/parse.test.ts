import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  MAX_SCALE,
  parseCount,
  parseDuration,
  parseNameList,
  parseNumber,
  parsePort,
  parsePositiveNumber,
  parseScale,
  parseText,
} from '../../src/cli/parse.js';

const MAX_MS = 2 ** 31 - 1;
const range = { min: 1, max: 1000 };

type Good = [parser: string, input: string, expected: unknown];
type Bad = [parser: string, input: string, message: RegExp];

const parsers: Record<string, (value: string) => unknown> = {
  count: (v) => parseCount(v, range),
  'count 0..5': (v) => parseCount(v, { min: 0, max: 5 }),
  duration: (v) => parseDuration(v),
  'duration ≥0': (v) => parseDuration(v, { min: 0 }),
  'duration ≤10s': (v) => parseDuration(v, { max: 10_000 }),
  number: (v) => parseNumber(v, { min: 0, max: 1 }),
  positive: (v) => parsePositiveNumber(v),
  scale: (v) => parseScale(v),
  port: (v) => parsePort(v),
  text: (v) => parseText(v),
  names: (v) => parseNameList(v, ['sequential', 'gather', 'limited']),
};

const good: Good[] = [
  ['count', '1', 1],
  ['count', '10', 10],
  ['count', '1000', 1000],
  ['count', '007', 7],
  ['count 0..5', '0', 0],
  ['duration', '250ms', 250],
  ['duration', '1.5s', 1500],
  ['duration', '2m', 120_000],
  ['duration', '2', 2000],
  ['duration', '0.25', 250],
  ['duration', '.5s', 500],
  ['duration', '1ms', 1],
  ['duration', `${MAX_MS}ms`, MAX_MS],
  ['duration ≥0', '0', 0],
  ['duration ≥0', '0ms', 0],
  ['duration ≤10s', '10s', 10_000],
  ['number', '0', 0],
  ['number', '0.5', 0.5],
  ['number', '1', 1],
  ['positive', '2.5', 2.5],
  ['positive', '0.001', 0.001],
  ['scale', '0.1', 0.1],
  ['scale', '1', 1],
  ['scale', String(MAX_SCALE), MAX_SCALE],
  ['port', '1', 1],
  ['port', '8080', 8080],
  ['port', '65535', 65_535],
  ['text', '127.0.0.1', '127.0.0.1'],
  ['names', 'gather', ['gather']],
  ['names', 'limited,sequential', ['limited', 'sequential']],
  ['names', 'gather, sequential', ['gather', 'sequential']],
  ['names', 'gather,gather', ['gather']],
];

const COUNT = /^Must be an integer from 1 to 1000\.$/;
const DURATION = /^Must be a duration like 250ms, 1\.5s or 2m \(a bare number is seconds\), from 1ms to 2147483647ms/;

const bad: Bad[] = [
  ['count', 'abc', COUNT],
  ['count', '0', COUNT],
  ['count', '1001', COUNT],
  ['count', '1.5', COUNT],
  ['count', '10ms', COUNT],
  ['count', '0x10', COUNT],
  ['count', '1e3', COUNT],
  ['count', '1e3x', COUNT],
  ['count', '', COUNT],
  ['count', ' ', COUNT],
  ['count', ' 5', COUNT],
  ['count', '-1', COUNT],
  ['count', '+5', COUNT],
  ['count', '99999999999999999999', COUNT],
  ['count 0..5', '6', /^Must be an integer from 0 to 5\.$/],
  ['duration', 'abc', DURATION],
  ['duration', '', DURATION],
  ['duration', '0', DURATION],
  ['duration', '0.5ms', DURATION],
  ['duration', '-1s', DURATION],
  ['duration', 'NaN', DURATION],
  ['duration', 'Infinity', DURATION],
  ['duration', '1e3ms', DURATION],
  ['duration', '10 ms', DURATION],
  ['duration', '5h', DURATION],
  ['duration', `${MAX_MS + 1}ms`, DURATION],
  ['duration', '3000000s', DURATION],
  ['duration ≥0', '-0.1', /from 0ms to /],
  ['duration ≤10s', '10.001s', /from 1ms to 10000ms\.$/],
  ['number', '1.01', /^Must be a number from 0 to 1\.$/],
  ['number', '-0.5', /^Must be a number from 0 to 1\.$/],
  ['number', '1e-1', /^Must be a number from 0 to 1\.$/],
  ['positive', '0', /^Must be a number greater than 0\.$/],
  ['positive', '-2', /greater than 0/],
  ['positive', 'x2', /greater than 0/],
  ['positive', '', /greater than 0/],
  ['scale', '0', /^Must be a number greater than 0, at most 1000\.$/],
  ['scale', '1001', /at most 1000/],
  ['scale', '0x1', /greater than 0/],
  ['scale', 'fast', /greater than 0/],
  ['port', '0', /^Must be a port from 1 to 65535/],
  ['port', '65536', /port from 1 to 65535/],
  ['port', '80.5', /port from 1 to 65535/],
  ['port', 'http', /port from 1 to 65535/],
  ['text', '', /^Must not be empty\.$/],
  ['text', '   ', /^Must not be empty\.$/],
  // A typo is told the name it was meant to be; a name like no other is not.
  ['names', 'gathr', /^Unknown 'gathr'\. Allowed: sequential, gather, limited\. Did you mean 'gather'\?$/],
  ['names', 'gather,nope,zip', /^Unknown 'nope', 'zip'\. Allowed: sequential, gather, limited\.$/],
  ['names', 'sequental,limted', /^Unknown 'sequental', 'limted'\. Allowed: .*\. Did you mean 'sequential' for 'sequental', 'limited' for 'limted'\?$/],
  ['names', '', /^Must be a comma-separated list of names\. Allowed: /],
  ['names', 'gather,,limited', /comma-separated/],
  ['names', 'Gather', /Unknown 'Gather'.* Did you mean 'gather'\?$/],
];

describe('option parsers', () => {
  it('has a table of at least 30 rows each way', () => {
    expect(good.length).toBeGreaterThanOrEqual(30);
    expect(bad.length).toBeGreaterThanOrEqual(30);
  });

  it.each(good)('%s accepts %j as %j', (parser, input, expected) => {
    expect(parsers[parser]!(input)).toEqual(expected);
  });

  it.each(bad)('%s rejects %j', (parser, input, message) => {
    let thrown: unknown;
    try {
      parsers[parser]!(input);
    } catch (err) {
      thrown = err;
    }
    // commander turns exactly this error class into "option '…' argument '…' is invalid. <message>".
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect((thrown as Error).message).toMatch(message);
  });
});
