import { HttpError } from './http-error.js';

/** The longest any timed endpoint waits, as httpbin and go-httpbin cap it. */
export const MAX_DELAY_S = 10;
/** The largest body `/bytes` and `/drip` send (go-httpbin's cap). */
export const MAX_BYTES = 1024 * 1024;
/** The most lines `/stream` sends (httpbin's cap). */
export const MAX_STREAM_LINES = 100;

// Plain decimals only, optionally with a unit: `1`, `0.5`, `.5`, `250ms`, `1.5s`.
// `Number()` would accept '', '0x10', '1e3' and 'Infinity'; none of them is a delay.
const DURATION = /^(\d+(?:\.\d*)?|\.\d+)(ms|s)?$/;

/**
 * Parses a delay in seconds as httpbin takes it (a bare decimal) or as go-httpbin also
 * does (`250ms`, `1.5s`), and returns it in milliseconds.
 *
 * @throws HttpError 400 for anything else, or above `maxS` seconds: go-httpbin's
 * behaviour, rather than httpbin's silent clamp, which lets `-1` and `nan` through.
 * @example
 * parseSeconds('0.5', 'delay'); // 500
 * parseSeconds('11', 'delay');  // HttpError 400: delay must be 0 to 10 seconds …
 */
export function parseSeconds(text: string, name: string, maxS = MAX_DELAY_S): number {
  const match = DURATION.exec(text);
  const ms = match === null ? Number.NaN : Number(match[1]) * (match[2] === 'ms' ? 1 : 1000);
  if (!(ms >= 0 && ms <= maxS * 1000)) {
    throw new HttpError(400, `${name} must be 0 to ${maxS} seconds (e.g. 1, 0.5, 250ms), got ${quote(text)}`);
  }
  return ms;
}

/**
 * Parses a non-negative decimal integer within [min, max].
 *
 * @throws HttpError 400 otherwise (`1.5`, `0x10`, `1e3`, `''` included).
 * @example
 * parseInteger('1024', 'n', 0, MAX_BYTES); // 1024
 */
export function parseInteger(text: string, name: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}, got ${quote(text)}`);
  }
  return n;
}

/**
 * Parses an HTTP status code a server may answer with (200 to 599: 1xx are not final).
 *
 * @example
 * parseStatus('418'); // 418
 */
export function parseStatus(text: string, name = 'status code'): number {
  return parseInteger(text, name, 200, 599);
}

/** One entry of a weighted status list. */
export interface WeightedStatus {
  code: number;
  weight: number;
}

/**
 * Parses httpbin's `/status/:codes`: one code, a list picked from uniformly
 * (`200,500`), or weighted (`200:0.9,500:0.1`; a missing weight counts as 1).
 *
 * @throws HttpError 400 for a bad code or weight, or when every weight is 0.
 * @example
 * parseStatusList('200:0.9,500:0.1'); // [{ code: 200, weight: 0.9 }, { code: 500, weight: 0.1 }]
 */
export function parseStatusList(text: string): WeightedStatus[] {
  const list = text.split(',').map((item) => {
    const [code = '', weight, extra] = item.split(':');
    if (extra !== undefined) throw new HttpError(400, `bad status entry ${quote(item)}: use CODE or CODE:WEIGHT`);
    const w = weight === undefined ? 1 : /^(\d+(\.\d*)?|\.\d+)$/.test(weight) ? Number(weight) : Number.NaN;
    if (!Number.isFinite(w)) throw new HttpError(400, `bad weight in ${quote(item)}: use a decimal such as 0.1`);
    return { code: parseStatus(code), weight: w };
  });
  if (!list.some((s) => s.weight > 0)) throw new HttpError(400, `status weights must not all be 0, got ${quote(text)}`);
  return list;
}

/**
 * Picks a code from a weighted list; `random` is injectable so tests can pin the pick.
 *
 * @example
 * pickStatus([{ code: 200, weight: 0.9 }, { code: 500, weight: 0.1 }], () => 0.95); // 500
 */
export function pickStatus(list: readonly WeightedStatus[], random: () => number = Math.random): number {
  let total = 0;
  for (const s of list) total += s.weight;
  let point = random() * total;
  for (const s of list) {
    if (s.weight > 0 && point < s.weight) return s.code;
    point -= s.weight;
  }
  // Rounding can leave the point a hair past the end: the last weighted code wins.
  return list.findLast((s) => s.weight > 0)!.code;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
