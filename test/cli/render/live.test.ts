import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { measure, type MeasureEvent, type RunContext, type VariantSpec } from '../../../src/core/measure.js';
import { limit } from '../../../src/core/limit.js';
import { sleep } from '../../../src/core/sleep.js';
import { LIVE_ROWS, LiveModel, renderLiveFrame } from '../../../src/cli/render/live.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { ascii, colour, names, plain } from './fixtures.js';

const wait = (ctx: RunContext, ms: number) => sleep(ms, { signal: ctx.signal, clock: ctx.clock });

/** The seed's greetings, one after another: 1 s each, 3 s planned. */
const sequential: VariantSpec = {
  name: 'sequential',
  summary: 'one after another',
  plannedMs: 3000,
  run: async (ctx) => {
    for (const name of names) await ctx.task(name, () => wait(ctx, 1000));
  },
};

/**
 * Runs `variant` on a fake clock with a live model fed by measure's events, and
 * returns a function that draws the frame at a moment of the run (advancing to it).
 */
function watch(variant: VariantSpec, signal?: AbortSignal) {
  const clock = new FakeClock();
  const model = new LiveModel();
  const done = measure({ variants: [variant], clock, signal, onEvent: (e) => model.apply(e) });
  return {
    clock,
    model,
    done,
    async at(ms: number, width = 60, style = plain): Promise<string[]> {
      await clock.advanceTo(ms);
      return renderLiveFrame(model, clock.now(), { width }, style);
    },
  };
}

/** The frame's task rows: the lines between the axis (two lines) and the status line. */
const rows = (frame: string[]): string[] => frame.slice(2, -1);
/** A row's bar: what follows the name column's separator. */
const barOf = (row: string): string => row.slice(row.indexOf('│') + 1);

describe('renderLiveFrame', () => {
  it('grows the running bar with time and turns it into an ok bar when the task settles', async () => {
    const w = watch(sequential);
    // Width 60: name column 10 ('Charlie' is not started yet: 'Alice' + 3 → 8), 49 cells for 3 s.
    const early = await w.at(300);
    expect(rows(early)).toEqual([`  Alice │${'━'.repeat(5)}`]);
    expect(early.at(-1)).toBe('  +0.300s · 1 running');
    const later = await w.at(900);
    expect(barOf(rows(later)[0]!)).toBe('━'.repeat(15));

    const after = await w.at(1700);
    expect(rows(after).map(barOf)).toEqual([
      // 1 s of 3 s across 49 cells: 16.33 cells, so 16 full and an eighth-block tail.
      `${'█'.repeat(16)}▍`,
      `${' '.repeat(16)}${'━'.repeat(12)}`,
    ]);
    expect(after.at(-1)).toBe('  +1.700s · 1 running · 1 ok');
    await w.clock.run(w.done);
  });

  it('draws the axis over the planned time, then the final picture once the variant ends', async () => {
    const w = watch(sequential);
    const frame = await w.at(100);
    expect(frame[0]).toMatch(/^ {9}0 .* 1s .* 2s .* 3s$/);
    expect(frame[1]).toMatch(/^ {9}┬─+┬─+┬─+┬$/);
    await w.clock.run(w.done);
    const final = renderLiveFrame(w.model, w.clock.now() + 5000, { width: 60 }, plain);
    // The axis does not move after the end: the frame is the run's, not the clock's.
    expect(final.slice(0, 2)).toEqual(renderLiveFrame(w.model, w.clock.now(), { width: 60 }, plain).slice(0, 2));
    expect(rows(final).map((r) => r.slice(0, 10))).toEqual(['  Alice   ', '  Bob     ', '  Charlie ']);
    expect(rows(final).every((r) => !r.includes('━'))).toBe(true);
    expect(final.at(-1)).toBe('  done in 3.000 s · 3 ok');
  });

  it('draws at most 120 columns wide on a wide terminal, as the report\'s timeline below it', async () => {
    const w = watch(sequential);
    await w.clock.run(w.done);
    const at = (width: number): number => Math.max(...renderLiveFrame(w.model, w.clock.now(), { width }, plain).map((l) => [...l].length));
    expect(at(200)).toBe(120);
    expect(at(121)).toBe(120);
    // Narrower, strictly within the terminal, as before.
    expect(at(80)).toBe(79);
  });

  it('shows each outcome in its own glyph, with and without Unicode, and without colour', async () => {
    const outcomes: VariantSpec = {
      name: 'gather',
      summary: 'all at once',
      plannedMs: 1000,
      run: async (ctx) => {
        await Promise.allSettled([
          ctx.task('Alice', () => wait(ctx, 1000)),
          ctx.task('Bob', async () => {
            await wait(ctx, 500);
            throw new Error('Bob failed');
          }),
          ctx.task('Charlie', () => wait(ctx, 2000)),
        ]);
      },
    };
    const controller = new AbortController();
    const w = watch(outcomes, controller.signal);
    await w.at(1500);
    controller.abort(new Error('stop'));
    await w.clock.run(w.done);
    // Width 60, name column 10 ('Charlie' + 3): 47 cells over 1.5 s (the run outlived its
    // 1 s plan), so 1 s is 31⅓ cells, 0.5 s 15⅔.
    const frame = renderLiveFrame(w.model, w.clock.now(), { width: 60 }, plain);
    expect(rows(frame).map(barOf)).toEqual([`${'█'.repeat(31)}▍`, `${'▓'.repeat(15)}✗`, `${'░'.repeat(46)}⊘`]);
    expect(frame.at(-1)).toBe('  interrupted at +1.500s · 1 ok · 1 failed · 1 cancelled');
    const dumb = renderLiveFrame(w.model, w.clock.now(), { width: 60 }, ascii);
    expect(rows(dumb).map((r) => barOf(r.replace('|', '│')))).toEqual([`${'#'.repeat(31)}`, `${'x'.repeat(15)}X`, `${'-'.repeat(46)}/`]);
    expect(dumb.join('')).toMatch(/^[\x20-\x7e]*$/);
    // Colour only dresses the same text.
    const coloured = renderLiveFrame(w.model, w.clock.now(), { width: 60 }, colour);
    expect(coloured.join('\n')).toContain('\x1b[');
    expect(coloured.map((l) => stripVTControlCharacters(l))).toEqual(frame);
  });

  it('caps the rows at LIVE_ROWS: the latest tasks, under one row counting the rest above them, by state', async () => {
    const many: VariantSpec = {
      name: 'gather',
      summary: 'many',
      plannedMs: 100,
      run: (ctx) => Promise.all(Array.from({ length: 20_000 }, (_, i) => ctx.task(`task ${i + 1}`, () => wait(ctx, 100)))),
    };
    const w = watch(many);
    const frame = await w.at(50);
    expect(frame).toHaveLength(2 + LIVE_ROWS + 1);
    const shown = rows(frame);
    // The hidden tasks started before the first row shown: the row counting them stands
    // where they would be, above the rows, and says they still run.
    expect(shown[0]).toBe(`  … ${(20_000 - LIVE_ROWS + 1).toLocaleString('en-US')} more tasks above (19,989 running)`);
    expect(shown.slice(1).map((r) => r.split('│')[0]!.trim())).toEqual(
      Array.from({ length: LIVE_ROWS - 1 }, (_, i) => `task ${20_000 - LIVE_ROWS + 2 + i}`),
    );
    expect(frame.at(-1)).toBe('  +0.050s · 20,000 running');
    await w.clock.run(w.done);
    const last = renderLiveFrame(w.model, w.clock.now(), { width: 60 }, plain);
    expect(rows(last)[0]).toBe('  … 19,989 more tasks above (19,989 ok)');
    expect(last.at(-1)).toBe('  done in 100.0 ms · 20,000 ok');
  });

  it('fits every line to widths 40, 80 and 200, and to the height it is given', async () => {
    const w = watch(sequential);
    await w.at(2500);
    for (const width of [40, 80, 200]) {
      const frame = renderLiveFrame(w.model, w.clock.now(), { width }, plain);
      expect(frame).toHaveLength(6);
      for (const line of frame) expect([...line].length).toBeLessThan(width);
      // The rule spans the whole frame: a wider terminal gets a finer time axis, up to
      // the report's width (120), past which a three-task timeline only stretches.
      expect([...frame[1]!].length).toBe(Math.min(width - 1, 120));
    }
    // A short terminal: rows give way first, the status line stays.
    const short = renderLiveFrame(w.model, w.clock.now(), { width: 80, height: 4 }, plain);
    expect(short).toHaveLength(4);
    // No room for a task row: the count alone, neither above nor below anything.
    expect(short[2]).toBe('  … 3 tasks (1 running, 2 ok)');
    expect(renderLiveFrame(w.model, w.clock.now(), { width: 80, height: 2 }, plain)).toEqual(['  +2.500s · 1 running · 2 ok']);
    await w.clock.run(w.done);
  });

  it('keeps task names that carry control characters on one line', () => {
    const model = new LiveModel();
    const events: MeasureEvent[] = [
      { type: 'variant-start', variant: 'v', summary: '', plannedMs: 100, phase: 'measure', round: 1, rounds: 1, at: 0 },
      { type: 'task-start', variant: 'v', id: 0, task: 'evil\n\x1b[2Jname', at: 0 },
    ];
    for (const e of events) model.apply(e);
    const frame = renderLiveFrame(model, 50, { width: 60 }, plain);
    expect(frame.join('\n')).not.toContain('\x1b');
    expect(frame).toHaveLength(4);
  });

  describe('queued tasks: the wait drawn apart, live', () => {
    /** limit(`slots`) over `count` tasks of 1 s, each queued as it is handed over. */
    const pooled = (slots: number, count: number): VariantSpec => ({
      name: 'pool',
      summary: '',
      plannedMs: Math.ceil(count / slots) * 1000,
      run: async (ctx) => {
        const limiter = limit(slots);
        await Promise.all(Array.from({ length: count }, (_, i) => ctx.queued(`t${i + 1}`, (t) => limiter(() => t.run(() => wait(ctx, 1000))))));
      },
    });

    it('draws a waiting task as · growing until it runs, then its run after the wait, and counts both', async () => {
      const w = watch(pooled(2, 4));
      // Width 60, name column 8, 49 cells for the 2 s planned: 24.5 cells a second.
      const waiting = await w.at(500);
      expect(rows(waiting).map(barOf)).toEqual(['━'.repeat(12), '━'.repeat(12), '·'.repeat(12), '·'.repeat(12)]);
      expect(waiting.at(-1)).toBe('  +0.500s · 2 waiting · 2 running');
      const running = await w.at(1500);
      expect(rows(running).map(barOf)).toEqual([
        `${'█'.repeat(24)}▌`,
        `${'█'.repeat(24)}▌`,
        `${'·'.repeat(25)}${'━'.repeat(12)}`,
        `${'·'.repeat(25)}${'━'.repeat(12)}`,
      ]);
      expect(running.at(-1)).toBe('  +1.500s · 2 running · 2 ok');
      const ascii_ = renderLiveFrame(w.model, 1500, { width: 60 }, ascii);
      expect(barOf(rows(ascii_)[2]!.replace('|', '│'))).toBe(`${'.'.repeat(25)}${'='.repeat(12)}`);
      await w.clock.run(w.done);
    });

    it('a long queue never hides the running tasks: a task that starts running comes back as the newest row', async () => {
      const w = watch(pooled(2, 30));
      const frame = await w.at(500);
      const shown = rows(frame);
      // 11 rows: t22…t30 as queued, then t1 and t2, back as the newest when they ran.
      // t3…t21 (19) still wait for their turn: each will come back at the bottom when it
      // runs, so they are counted below the rows, not above.
      expect(shown.at(-1)).toBe('  … 19 more tasks below, waiting');
      expect(shown.slice(0, -1).map((r) => r.split('│')[0]!.trim())).toEqual([...Array.from({ length: 9 }, (_, i) => `t${22 + i}`), 't1', 't2']);
      const running = shown.filter((r) => barOf(r).startsWith('━'));
      expect(running.map((r) => r.split('│')[0]!.trim())).toEqual(['t1', 't2']);
      expect(frame.at(-1)).toBe('  +0.500s · 28 waiting · 2 running');
      // Six waves in, t1 and t2 have scrolled off the top, done, while t13…t30 still wait:
      // a row above counts the first, a row below the others, and a task row gives way.
      const later = rows(await w.at(5500));
      expect(later[0]).toBe('  … 2 more tasks above (2 ok)');
      expect(later.slice(1, -1).map((r) => r.split('│')[0]!.trim())).toEqual(Array.from({ length: 10 }, (_, i) => `t${3 + i}`));
      expect(later.at(-1)).toBe('  … 18 more tasks below, waiting');
      expect(later).toHaveLength(LIVE_ROWS);
      await w.clock.run(w.done);
    });

    it('a task cancelled while it waits ends as ·…⊘, counted as cancelled and no longer waiting', () => {
      const model = new LiveModel();
      const base = { variant: 'pool' } as const;
      model.apply({ ...base, type: 'variant-start', summary: '', plannedMs: 2000, phase: 'measure', round: 1, rounds: 1, at: 0 });
      model.apply({ ...base, type: 'task-start', id: 0, task: 'a', waiting: true, at: 0 });
      model.apply({ ...base, type: 'task-end', id: 0, outcome: 'cancelled', waiting: true, at: 1000 });
      expect(model.counts).toMatchObject({ waiting: 0, running: 0, cancelled: 1 });
      const frame = renderLiveFrame(model, 1000, { width: 60 }, plain);
      // 49 cells for 2 s: the wait of 1 s is 24.5 → 25 cells, the last one its ⊘.
      expect(barOf(rows(frame)[0]!)).toBe(`${'·'.repeat(24)}⊘`);
    });
  });
});

describe('renderLiveFrame: the label column stays put within a variant', () => {
  /** Where the bars begin on each task row: the column of the separator. */
  const barColumn = (lines: string[]): number[] => lines.filter((l) => l.includes('│') && !l.includes('┬')).map((l) => l.indexOf('│'));

  it('does not narrow when the long name scrolls off the top', () => {
    const model = new LiveModel();
    model.apply({ type: 'variant-start', variant: 'v', summary: '', plannedMs: 2000, phase: 'measure', round: 1, rounds: 1, at: 0 });
    model.apply({ type: 'task-start', variant: 'v', id: 0, task: 'a rather long name', at: 0 });
    const first = renderLiveFrame(model, 10, { width: 80 }, plain);
    for (let id = 1; id <= LIVE_ROWS + 2; id++) model.apply({ type: 'task-start', variant: 'v', id, task: `t${id}`, at: id * 10 });
    const later = renderLiveFrame(model, 200, { width: 80 }, plain);
    expect(later.some((l) => l.includes('a rather long name'))).toBe(false); // scrolled off
    const columns = [...barColumn(first), ...barColumn(later)];
    expect(columns.length).toBeGreaterThan(LIVE_ROWS - 1);
    expect(new Set(columns).size).toBe(1);
    expect(columns[0]).toBe('  a rather long name '.length);
  });

});
