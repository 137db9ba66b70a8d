import { oneLine } from './text.js';

/**
 * Settings derived from others, left off the settings line (the JSON keeps them): the
 * task names follow from --count, and the narration says each one as its task starts;
 * on a pipe, a line naming Charlie at +0 s would come before Charlie has begun.
 */
const DERIVED_PARAMS: ReadonlySet<string> = new Set(['names']);

/**
 * The settings of a run as `key=value` words: the report's settings line and the
 * markdown's `<sub>` line are made from it. `delay` is the unscaled option; where
 * `--scale` changed it, the scaled value (a demo's `delayMs`) follows it in the same
 * word. Other `…Ms` values read as durations (`timeoutMs: 2000` as `timeout=2s`), an
 * unset choice as `none`.
 *
 * @example
 * settingsWords({ scale: 0.1, delay: 1000, delayMs: 100, fail: null });
 * // ['scale=0.1', 'delay=1s×0.1=100ms', 'fail=none']
 */
export function settingsWords(params: Record<string, unknown>): string[] {
  const scale = typeof params.scale === 'number' ? params.scale : 1;
  return Object.entries(params)
    .filter(([key, value]) => value !== undefined && !DERIVED_PARAMS.has(key) && !(key === 'delayMs' && typeof params.delay === 'number'))
    .map(([key, value]) => {
      if (key === 'delay' && typeof value === 'number') {
        const scaled = typeof params.delayMs === 'number' ? params.delayMs : value * scale;
        return scale === 1 ? `delay=${durationText(value)}` : `delay=${durationText(value)}×${scale}=${durationText(scaled)}`;
      }
      const ms = /^(.+)Ms$/.exec(key);
      if (ms !== null) return `${ms[1]!}=${oneLine(msText(value))}`;
      return `${key}=${oneLine(paramText(value))}`;
    });
}

/** A `…Ms` value with its unit: a number, a list of them, or a record of them by name. */
function msText(value: unknown): string {
  if (typeof value === 'number') return durationText(value);
  if (Array.isArray(value)) return value.map(msText).join(',');
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k}:${msText(v)}`).join(',');
  return paramText(value);
}

/** `1000` → `1s`, `1500` → `1.5s`, `100` → `100ms`, `17.957` → `17.96ms`. */
function durationText(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${Number.isInteger(ms) ? ms : Number(ms.toFixed(2))}ms`;
}

function isNamedWait(value: object): value is { name: string; ms: number } {
  const v = value as Record<string, unknown>;
  return Object.keys(v).length === 2 && typeof v.name === 'string' && typeof v.ms === 'number';
}

function paramText(value: unknown): string {
  if (Array.isArray(value)) return value.map(paramText).join(',');
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      // A measured rate (cpu's nsPerIteration) to four figures; the JSON keeps them all.
      return String(Number.isInteger(value) ? value : Number(value.toPrecision(4)));
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      // `fail=none`, not the JSON's null; a named wait (timeout's calls) as `call 1:1s`.
      if (value === null) return 'none';
      if (isNamedWait(value)) return `${value.name}:${durationText(value.ms)}`;
      return JSON.stringify(value) ?? '';
    default:
      return typeof value;
  }
}
