/**
 * Option-value parsers for the CLI. Each takes the raw text commander received and
 * returns the value, or throws commander's `InvalidArgumentError` whose message says
 * what is allowed; commander then prints
 * `error: option '--count <n>' argument 'abc' is invalid. Must be an integer from 1 to 10.`
 *
 * They are strict on purpose: `parseInt('10ms') === 10`, `Number('') === 0` and
 * `Number('0x10') === 16`, so a typo would silently become a different number. Every
 * parser first matches a plain decimal pattern, then converts and checks the range.
 */
import { InvalidArgumentError } from 'commander';
import { MAX_DELAY_MS } from '../core/errors.js';
import { similar } from './suggest.js';

/** An inclusive range for a parser. */
export interface Range {
  min: number;
  max: number;
}

const INTEGER = /^[0-9]+$/;
const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const DURATION = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** The largest `--scale`: beyond it every seed delay overflows a timer anyway. */
export const MAX_SCALE = 1000;

/**
 * A whole number within `range` (both ends included). Rejects `1.5`, `10ms`, `0x10`,
 * `1e3`, `''`, `' '`, `-1` and anything outside the range.
 *
 * @example
 * parseCount('8', { min: 1, max: 64 });   // 8
 * parseCount('0x10', { min: 1, max: 64 }); // throws: Must be an integer from 1 to 64.
 */
export function parseCount(value: string, range: Range): number {
  const n = INTEGER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new InvalidArgumentError(`Must be an integer from ${range.min} to ${range.max}.`);
  }
  return n;
}

/**
 * A duration in milliseconds: `250ms`, `1.5s`, `2m`, or a bare number of seconds (as
 * in the seed and httpbin). The result must lie within `range` ms, by default 1 ms to
 * 2³¹−1 ms, the largest delay a Node timer honours. Pass `{ min: 0 }` where zero makes
 * sense (an extra pause that may be none).
 *
 * @example
 * parseDuration('250ms'); // 250
 * parseDuration('1.5');   // 1500
 * parseDuration('0', { min: 0 }); // 0
 */
export function parseDuration(value: string, range: Partial<Range> = {}): number {
  const min = range.min ?? 1;
  const max = range.max ?? MAX_DELAY_MS;
  const match = DURATION.exec(value);
  const unit = (match?.[2] ?? 's') as keyof typeof UNIT_MS;
  const ms = match === null ? Number.NaN : Number(match[1]) * UNIT_MS[unit];
  if (!(ms >= min && ms <= max)) {
    throw new InvalidArgumentError(
      `Must be a duration like 250ms, 1.5s or 2m (a bare number is seconds), from ${formatLimit(min)} to ${formatLimit(max)}.`,
    );
  }
  return ms;
}

/**
 * A finite decimal within `range` (both ends included). No sign, exponent or hex.
 *
 * @example
 * parseNumber('0.5', { min: 0, max: 1 }); // 0.5
 */
export function parseNumber(value: string, range: Range): number {
  const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!(n >= range.min && n <= range.max)) {
    throw new InvalidArgumentError(`Must be a number from ${range.min} to ${range.max}.`);
  }
  return n;
}

/**
 * A finite decimal greater than zero (`--min-speedup`), at most `max`.
 *
 * @example
 * parsePositiveNumber('2.5'); // 2.5
 * parsePositiveNumber('0');   // throws: Must be a number greater than 0.
 */
export function parsePositiveNumber(value: string, max = Number.MAX_VALUE): number {
  const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= max)) {
    throw new InvalidArgumentError(
      max === Number.MAX_VALUE ? 'Must be a number greater than 0.' : `Must be a number greater than 0, at most ${max}.`,
    );
  }
  return n;
}

/**
 * The `--scale` factor: a number greater than 0, at most {@link MAX_SCALE}.
 *
 * @example
 * parseScale('0.1'); // 0.1
 */
export function parseScale(value: string): number {
  return parsePositiveNumber(value, MAX_SCALE);
}

/**
 * A TCP port to listen on, from 1 to 65535 (omit the option for any free port).
 *
 * @example
 * parsePort('8080'); // 8080
 */
export function parsePort(value: string): number {
  const n = INTEGER.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= 65_535)) {
    throw new InvalidArgumentError('Must be a port from 1 to 65535 (omit --port for any free port).');
  }
  return n;
}

/**
 * Text that is not blank, returned exactly as given.
 *
 * @example
 * parseText('127.0.0.1'); // '127.0.0.1'
 */
export function parseText(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Must not be empty.');
  return value;
}

/**
 * The `--trace` file: any path but `-`, which a user means as stdout (as
 * `--export-markdown -` is) but which would create a file named `-`; stdout carries
 * the report.
 *
 * @example
 * parseTraceFile('trace.json'); // 'trace.json'
 * parseTraceFile('-'); // throws: Must be a file to write, e.g. trace.json: '-' is not stdout here (stdout carries the report).
 */
export function parseTraceFile(value: string): string {
  if (value.trim() === '-') {
    throw new InvalidArgumentError("Must be a file to write, e.g. trace.json: '-' is not stdout here (stdout carries the report).");
  }
  return parseText(value);
}

/**
 * A comma-separated list of names, each one of `allowed` (duplicates dropped, order
 * kept); any names when `allowed` is undefined (a demo whose options decide its variant
 * names: they are checked once the options are read, see {@link unknownNames}). Empty
 * items (`a,,b`, `''`) are rejected.
 *
 * @example
 * parseNameList('gather,sequential', ['sequential', 'gather']); // ['gather', 'sequential']
 * parseNameList('gathr', ['sequential', 'gather']); // throws: Unknown 'gathr'. Allowed: sequential, gather.
 */
export function parseNameList(value: string, allowed?: readonly string[]): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) {
    throw new InvalidArgumentError(`Must be a comma-separated list of names.${allowed === undefined ? '' : ` Allowed: ${allowed.join(', ')}.`}`);
  }
  const unknown = allowed === undefined ? undefined : unknownNames(names, allowed);
  if (unknown !== undefined) throw new InvalidArgumentError(unknown);
  return [...new Set(names)];
}

/**
 * What is wrong with `names` when some are not among `allowed` (the sentence a usage
 * error gives), or undefined when all are. `allowedLabel` says where the list comes from.
 *
 * @example
 * unknownNames(['c=4'], ['c=3', 'c=6'], 'Allowed with these options'); // "Unknown 'c=4'. Allowed with these options: c=3, c=6."
 * unknownNames(['gathr'], ['sequential', 'gather']); // "Unknown 'gathr'. Allowed: sequential, gather. Did you mean 'gather'?"
 */
export function unknownNames(names: readonly string[], allowed: readonly string[], allowedLabel = 'Allowed'): string | undefined {
  const unknown = names.filter((name) => !allowed.includes(name));
  if (unknown.length === 0) return undefined;
  // A typo gets the name it was meant to be, as an unknown option or command does; not a
  // number (limit's c=4 is no typo of c=3: the list of what this run has says it all).
  const meant = unknown.flatMap((name) => {
    const best = /\d/.test(name) ? undefined : similar(name, allowed)[0];
    return best === undefined ? [] : [{ name, best }];
  });
  const hint =
    meant.length === 0 ? '' : meant.length === 1 ? ` Did you mean '${meant[0]!.best}'?` : ` Did you mean ${meant.map((m) => `'${m.best}' for '${m.name}'`).join(', ')}?`;
  return `Unknown ${unknown.map((n) => `'${n}'`).join(', ')}. ${allowedLabel}: ${allowed.join(', ')}.${hint}`;
}

function formatLimit(ms: number): string {
  return ms === MAX_DELAY_MS ? `${ms}ms (about 24.8 days)` : `${ms}ms`;
}
