import type { DemoComparison, Difference, HeadlineComparison, JsonComparison, Regression, VariantComparison } from '../compare.js';
import type { Style } from '../style.js';
import { formatMs, formatPercent, formatRatio } from './format.js';
import { columns, padEnd, padStart, wrapStyled } from './text.js';

/**
 * A ratio of times as words: `1.98× slower`, `1.25× faster`, `same` when it rounds to 1.
 * When the test calls the change `significant`, it is never `same`: a ratio that rounds
 * to 1.00× gets the digits that show it (`1.004× slower`), so a row cannot say "same"
 * and "significant" at once.
 *
 * @example
 * changeText(1.98);         // '1.98× slower'
 * changeText(0.8);          // '1.25× faster'
 * changeText(1.004);        // 'same'
 * changeText(1.004, true);  // '1.004× slower'
 */
export function changeText(ratio: number | null, significant = false): string {
  if (ratio === null || !(ratio > 0) || !Number.isFinite(ratio)) return 'n/a';
  if (formatRatio(ratio) === '1.00' && (!significant || ratio === 1)) return 'same';
  const times = ratio > 1 ? ratio : 1 / ratio;
  return `${precise(times, 2, (text) => text !== '1.00'.padEnd(text.length, '0'))}× ${ratio > 1 ? 'slower' : 'faster'}`;
}

/**
 * `x` with `digits` decimals, or more (up to 6) until `shows(text)` holds: enough
 * digits to show a difference that the usual rounding would hide.
 */
function precise(x: number, digits: number, shows: (text: string) => boolean): string {
  let text = x.toFixed(digits);
  for (let d = digits + 1; d <= 6 && !shows(text); d++) text = x.toFixed(d);
  return text;
}

/**
 * A p-value as people quote it: two significant digits, `p < 0.001` below that.
 *
 * @example
 * formatP(0.0123); // 'p = 0.012'
 */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`;
}

/** What the test says about a change, in words. */
export function verdictText(test: VariantComparison['test']): string {
  if (test === null) return 'too few runs to test (need 3 a side)';
  return test.significant ? `significant, ${formatP(test.p)}` : `within noise, ${formatP(test.p)}`;
}

/**
 * The human form of a comparison: what differs between the environments, then per demo
 * the parameters that differ, a table of variants (before, after, change, whether the
 * change is beyond noise) and the headline speedup before and after; then what
 * regressed past `--max-regression`. Fitted to `width` (80 by default): sentences wrap
 * at words, and where a row and its verdict do not fit side by side, each verdict goes
 * under its row. No trailing newline.
 *
 * @example
 * stdout.write(renderComparison(comparison, style, { title: 'Compared with base.json' }) + '\n');
 * // Compared with base.json
 * //   same environment: asyncdemo 0.1.0, node v20.19.0, linux x64, 2 CPUs
 * //   variant     before     after      change
 * //   sequential  100.4 ms   200.9 ms   2.00× slower  significant, p < 0.001
 */
export function renderComparison(c: JsonComparison, style: Style, options: { title?: string; width?: number } = {}): string {
  const { c: paint } = style;
  const width = Math.max(40, Math.floor(options.width ?? 80));
  const lines: string[] = [paint.bold(options.title ?? `${c.before.file} → ${c.after.file}`)];
  lines.push(...envLines(c, style));
  for (const d of c.demos) lines.push(...demoLines(d, c.demos.length > 1, style, width));
  if (c.onlyBefore.length > 0) lines.push(paint.dim(`  only in ${c.before.file}: ${c.onlyBefore.join(', ')}`));
  if (c.onlyAfter.length > 0) lines.push(paint.dim(`  only in ${c.after.file}: ${c.onlyAfter.join(', ')}`));
  if (c.maxRegression !== null) {
    lines.push(
      c.regressions.length === 0
        ? paint.green(`  no regression beyond ${c.maxRegression}%`)
        : paint.red.bold(`  regressed beyond ${c.maxRegression}%: ${regressionList(c.regressions)}`),
    );
  }
  return lines.flatMap((line) => wrapStyled(line, width)).join('\n');
}

/**
 * What regressed, in one line's worth of words.
 *
 * @example
 * regressionList([{ demo: 'exp.ts', kind: 'variant', name: 'sequential', change: 0.98, p: 0.0004 }]);
 * // 'exp.ts sequential +98.0% (p < 0.001)'
 */
export function regressionList(list: readonly Regression[]): string {
  return list
    .map((r) => {
      const p = r.p === null ? '' : ` (${formatP(r.p)})`;
      return r.kind === 'variant' ? `${r.demo} ${r.name} +${formatPercent(r.change)}${p}` : `${r.demo} headline speedup −${formatPercent(r.change)}${p}`;
    })
    .join(', ');
}

function envLines(c: JsonComparison, { c: paint }: Style): string[] {
  const e = c.after.env;
  if (c.env.length === 0) {
    const same = [e.asyncdemo === undefined ? undefined : `asyncdemo ${e.asyncdemo}`, `node ${e.node}`, `${e.platform} ${e.arch}`, `${e.cpus} CPUs`, e.cpu]
      .filter((x) => x !== undefined)
      .join(', ');
    return [paint.dim(`  same environment: ${same}`)];
  }
  return [`  ${paint.yellow('environment differs:')} ${c.env.map((d) => differenceText(d)).join('; ')}`];
}

/**
 * A parameter or environment value as the comparison shows it: lists space-separated
 * (load averages), strings as they are, anything else as JSON, `—` when absent.
 *
 * @example
 * showValue([0.5, 0.4, 0.3]); // '0.5 0.4 0.3'
 */
export function showValue(x: unknown): string {
  if (x === null || x === undefined) return '—';
  if (Array.isArray(x)) return x.map(showValue).join(' ');
  return typeof x === 'string' ? x : (JSON.stringify(x) ?? typeof x);
}

/**
 * `name before → after`.
 *
 * @example
 * differenceText({ name: 'node', before: 'v20.19.0', after: 'v24.1.0' }); // 'node v20.19.0 → v24.1.0'
 */
export function differenceText(d: Difference): string {
  return `${d.name} ${showValue(d.before)} → ${showValue(d.after)}`;
}

function demoLines(d: DemoComparison, named: boolean, style: Style, width: number): string[] {
  const { c } = style;
  const lines: string[] = [];
  if (named) lines.push('', c.bold.cyan(d.demo));
  const stopped = [...(d.interruptedBefore === true ? ['before'] : []), ...(d.interruptedAfter === true ? ['after'] : [])];
  if (stopped.length > 0) lines.push(`  ${c.yellow('interrupted:')} the ${stopped.join(' and ')} run${stopped.length === 2 ? 's were' : ' was'} stopped early (Ctrl-C): partial results`);
  if (d.params.length > 0) lines.push(`  ${c.yellow('parameters differ:')} ${d.params.map(differenceText).join('; ')}`);
  const rows = d.variants.map((v) => [v.name, v.before === null ? '—' : formatMs(v.before.median), v.after === null ? '—' : formatMs(v.after.median), changeText(v.ratio, v.test?.significant === true)]);
  const header = ['variant', 'before', 'after', 'change'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const row = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? padEnd(cell, widths[i]!) : padStart(cell, widths[i]!))).join('   ');
  lines.push(c.dim(`  ${row(header)}`));
  const verdicts = d.variants.map((v) => (v.before === null || v.after === null ? missingText(v, d) : verdictText(v.test)));
  // Side by side where every row fits with its verdict; else each verdict under its row.
  const beside = rows.every((cells, i) => 2 + columns(row(cells)) + 3 + columns(verdicts[i]!) <= width);
  for (const [i, v] of d.variants.entries()) {
    const cells = rows[i]!;
    const text = row(cells);
    const paint = v.ratio === null || v.test?.significant === false || cells[3] === 'same' ? (s: string) => s : v.ratio > 1 ? c.red : c.green;
    if (beside) lines.push(`  ${paint(text)}   ${c.dim(verdicts[i]!)}`);
    else lines.push(`  ${paint(text)}`, `    ${c.dim(verdicts[i]!)}`);
  }
  if (d.headline !== null) lines.push(`  ${headlineText(d.headline, d.variants, style)}`);
  return lines;
}

/** Why a variant has no figure on one side: left out, or not measured before Ctrl-C. */
function missingText(v: VariantComparison, d: DemoComparison): string {
  if (v.after === null) return d.interruptedAfter === true ? 'not measured after: interrupted' : 'not in this run';
  return d.interruptedBefore === true ? 'not measured before: interrupted' : 'new';
}

/** Why a side's headline is not a speedup, in a few words. */
const NOT_A_SPEEDUP: Record<string, string> = {
  failed: 'a task failed',
  'different-work': 'the variants did different work',
  'first-answer': 'both race for a first answer',
  reliability: 'retries buy successes, not speed',
};

/**
 * Why the headline comparison is no comparison of speedups, from each side's reason: the
 * same on both sides once, otherwise side by side; a side without a reason (an older
 * report) as "not a valid speedup".
 *
 * @example
 * notASpeedup({ valid: false, reasonBefore: 'first-answer', reasonAfter: 'first-answer', … });
 * // 'not a speedup on either side: both race for a first answer; not gated'
 */
export function notASpeedup(h: HeadlineComparison): string {
  const words = (r: string | undefined): string => (r === undefined ? 'not a valid speedup' : (NOT_A_SPEEDUP[r] ?? r));
  const before = h.reasonBefore;
  const after = h.reasonAfter;
  if (before !== undefined && before === after) return `not a speedup on either side: ${words(before)}; not gated`;
  const sides = [
    ...(before !== undefined ? [`before: ${words(before)}`] : []),
    ...(after !== undefined ? [`after: ${words(after)}`] : []),
  ];
  return sides.length === 0 ? 'not a speedup on one side or both; not gated' : `not a speedup ${sides.join('; ')}; not gated`;
}

function headlineText(h: HeadlineComparison, variants: readonly VariantComparison[], { c }: Style): string {
  const value = (x: number | null): string => (x === null ? 'n/a' : `${formatRatio(x)}×`);
  let change = '';
  // A significant change is named however small, with the digits that show it.
  if (h.ratio !== null && h.ratio !== 1 && (formatRatio(h.ratio) !== '1.00' || h.test?.significant === true)) {
    const percent = (fraction: number): string => `${precise(fraction * 100, 1, (text) => Number(text) !== 0)}%`;
    change = h.ratio < 1 ? `, fell ${percent(1 - h.ratio)}` : `, rose ${percent(h.ratio - 1)}`;
  }
  // A change with no test beside it read as a finding: say why there is none.
  const runs = variants.find((v) => v.name === h.variant);
  const fewRuns = runs !== undefined && Math.min(runs.before?.n ?? 0, runs.after?.n ?? 0) < 3;
  const verdict = !h.valid
    ? ` (${notASpeedup(h)})`
    : h.test === null
      ? change === '' ? '' : fewRuns ? ' (too few runs to test: need 3 a side)' : ' (not tested)'
      : ` (${h.test.significant ? 'significant' : 'within noise'}, ${formatP(h.test.p)})`;
  return `headline: ${c.bold(h.variant)} vs ${h.baseline} ${value(h.before)} → ${c.bold(value(h.after))}${change}${c.dim(verdict)}`;
}
