import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Span, VariantResult } from '../../../src/core/measure.js';
import { MAX_ROWS, cutList, renderTimeline } from '../../../src/cli/render/timeline.js';
import { ascii, colour, greet, plain, span } from './fixtures.js';

/** greet's variants with gather's Bob failing at 1 s and Charlie cancelled at 0.5 s. */
function mixed(): VariantResult[] {
  const m = greet();
  const gather = m.variants[1]!;
  gather.spans[1]!.outcome = 'error';
  gather.spans[2]!.outcome = 'cancelled';
  gather.spans[2]!.end = 500;
  return m.variants;
}

/** The rows under a variant's header, up to the next header or the legend. */
function rowsOf(text: string, variant: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${variant} `));
  expect(start).toBeGreaterThan(-1);
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    rows.push(line);
  }
  return rows;
}

function variant(name: string, spans: Span[]): VariantResult {
  return { name, summary: '', plannedMs: 1, ms: null, spans, narration: [] };
}

describe('renderTimeline', () => {
  it('at width 60 draws few tasks one row each on a shared axis: a staircase beside a stack', () => {
    const text = renderTimeline(mixed(), 60, plain);
    // Name column 10 ('Charlie' + 3), bars 48 cells for 3 s: 62.5 ms a cell.
    expect(rowsOf(text, 'gather')).toEqual([
      `  Alice   │${'█'.repeat(16)}`,
      `  Bob     │${'▓'.repeat(15)}✗`,
      `  Charlie │${'░'.repeat(7)}⊘`, // cancelled at 500 ms = 8 cells
    ]);
    expect(rowsOf(text, 'sequential')).toEqual([
      `  Alice   │${'█'.repeat(16)}`,
      `  Bob     │${' '.repeat(16)}${'█'.repeat(16)}`,
      `  Charlie │${' '.repeat(32)}${'█'.repeat(16)}`,
    ]);
    expect(text.split('\n')[0]).toBe('Timeline  0 … 3.000 s · cell 62.5 ms');
    expect(text).toContain('sequential · 3 tasks on 1 lane');
    expect(text).toContain('gather · 3 tasks on 3 lanes, 1 failed, 1 cancelled');
    expect(text.split('\n').at(-1)).toBe('█ ok  ▓✗ error  ░⊘ cancelled');
  });

  it('at width 120 widens the bars', () => {
    const text = renderTimeline(mixed(), 120, plain);
    // Name column 10, bars 108 cells: 36 cells a second.
    expect(rowsOf(text, 'gather')).toEqual([
      `  Alice   │${'█'.repeat(36)}`,
      `  Bob     │${'▓'.repeat(35)}✗`,
      `  Charlie │${'░'.repeat(17)}⊘`,
    ]);
    expect(rowsOf(text, 'sequential')[2]).toBe(`  Charlie │${' '.repeat(72)}${'█'.repeat(36)}`);
  });

  it('labels the axis with nice ticks that line up with the bars', () => {
    const lines = renderTimeline(mixed(), 120, plain).split('\n');
    const [labels, rule] = [lines[1]!, lines[2]!];
    expect(labels.trim().split(/ +/)).toEqual(['0', '0.5s', '1s', '1.5s', '2s', '2.5s', '3s']);
    // The bars start at column 11; 1 s is 36 cells in, where Alice's bar ends.
    expect(rule[11]).toBe('┬');
    expect(rule[11 + 36]).toBe('┬');
    expect(rule[11 + 18]).toBe('┬');
    expect(rule[11 + 1]).toBe('─');
    expect(labels.indexOf('1s')).toBe(11 + 36);
  });

  it('reads without colour in ASCII on TERM=dumb', () => {
    const text = renderTimeline(mixed(), 60, ascii);
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(rowsOf(text, 'gather')).toEqual([
      `  Alice   |${'#'.repeat(16)}`,
      `  Bob     |${'x'.repeat(15)}X`,
      `  Charlie |-------/`,
    ]);
    expect(rowsOf(text, 'sequential')[1]).toBe(`  Bob     |${' '.repeat(16)}${'#'.repeat(16)}`);
    expect(text.split('\n').at(-1)).toBe('# ok  xX error  -/ cancelled');
  });

  it('draws each eighth of a cell', () => {
    // Bars of 50 cells at width 60 with short names; 5 s makes a cell 100 ms, an eighth 12.5 ms.
    const spans = [span('full', 0, 5000, 0)];
    for (let k = 1; k < 8; k++) spans.push(span(`e${k}`, 0, 12.5 * k, k));
    const rows = rowsOf(renderTimeline([variant('v', spans)], 60, plain), 'v');
    expect(rows[0]).toBe(`  full  │${'█'.repeat(50)}`);
    expect(rows.slice(1).map((r) => r.slice('  e1    │'.length))).toEqual(['▏', '▎', '▍', '▌', '▋', '▊', '▉']);
  });

  it('starts bars at their start and keeps zero-length tasks visible', () => {
    const rows = rowsOf(renderTimeline([variant('v', [span('a', 0, 5000, 0), span('b', 2500, 2500, 1)])], 60, plain), 'v');
    expect(rows[1]).toBe(`  b     │${' '.repeat(25)}▏`);
  });

  it('never hides a failure behind an ok bar on the same lane', () => {
    // More tasks than rows, so they are drawn by lane and share one.
    const spans = [span('ok', 0, 5000, 0), span('bad', 1000, 2000, 0, 'error')];
    for (let i = 1; i <= MAX_ROWS; i++) spans.push(span(`t${i}`, 0, 100, i));
    const [row] = rowsOf(renderTimeline([variant('v', spans)], 60, plain), 'v');
    expect(row).toMatch(/^ {2}ok, bad +│█{10}▓{8}✗█+$/);
  });

  it('draws one row per task while they fit, in start order', () => {
    const spans = [span('late', 2000, 3000, 0), span('early', 0, 1000, 0)];
    const rows = rowsOf(renderTimeline([variant('v', spans)], 60, plain), 'v');
    expect(rows.map((r) => r.split('│')[0]!.trim())).toEqual(['early', 'late']);
    expect(renderTimeline([variant('v', spans)], 60, plain)).toContain('v · 2 tasks on 1 lane');
  });

  it('fits every line in the width, and treats less than 40 columns as 40', () => {
    const long = [variant('a-rather-long-variant-name-that-goes-on', [span('x'.repeat(80), 0, 10, 0), span('y', 5, 7, 1, 'error')])];
    for (const width of [40, 60, 80, 120]) {
      for (const line of renderTimeline(long, width, plain).split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
    }
    expect(renderTimeline(long, 10, plain)).toBe(renderTimeline(long, 40, plain));
    const narrow = renderTimeline(long, 40, plain);
    expect(narrow).toContain('\na-rather-long-variant-name-that-goes-on\n');
    expect(narrow).toMatch(/\n {2}x{8}… │/);
  });

  it('shows at most 12 rows per variant for 100 000 concurrent tasks, quickly', () => {
    const n = 100_000;
    const spans = Array.from({ length: n }, (_, i) => span(`t${i}`, i % 10, 1000, i));
    const t0 = performance.now();
    const text = renderTimeline([variant('many', spans)], 80, plain);
    const elapsed = performance.now() - t0;
    const rows = rowsOf(text, 'many');
    expect(rows).toHaveLength(MAX_ROWS + 1);
    expect(MAX_ROWS).toBe(12);
    expect(rows[0]).toMatch(/^ {2}t0 +│█+$/);
    expect(rows.at(-1)).toBe('  … and 99,988 more tasks on 99,988 more lanes');
    expect(text).toContain('many · 100,000 tasks on 100,000 lanes');
    expect(elapsed).toBeLessThan(2000);
  });

  it('labels a lane of 200 000 sequential tasks without joining every name', () => {
    const n = 200_000;
    const spans = Array.from({ length: n }, (_, i) => span(`task-${i}`, i, i + 1, 0));
    const text = renderTimeline([variant('seq', spans)], 80, plain);
    const rows = rowsOf(text, 'seq');
    expect(rows).toHaveLength(1);
    // Name column 24 (30% of 80); a lane busy all along is a full bar, not a row of slivers.
    // Cut between names: whole names, then '…' ('task-0, task-1, task…' would read as task-?).
    expect(rows[0]).toBe(`  task-0, task-1, …     │${'█'.repeat(54)}`);
  });

  it("cuts a lane's label between names, so no name shows cut (limit's 'task 2, task 1…' was task 10)", () => {
    expect(cutList('task 2, task 10, task 18', 15, '…')).toBe('task 2, …');
    expect(cutList('task 5, task 13', 15, '…')).toBe('task 5, task 13');
    // A first name too long alone is cut as any text is.
    expect(cutList('GET http://127.0.0.1:1/x, GET http://127.0.0.1:1/x', 15, '…')).toBe('GET http://127…');
    // Through the renderer: limit's c=8 at 60 columns.
    const spans = Array.from({ length: 20 }, (_, i) => span(`task ${i + 1}`, Math.floor(i / 8) * 100, Math.floor(i / 8) * 100 + 100, i % 8));
    const labels = rowsOf(renderTimeline([variant('c=8', spans)], 60, plain), 'c=8').map((r) => r.split('│')[0]!.trim());
    expect(labels.slice(0, 2)).toEqual(['task 1, …', 'task 2, …']);
    expect(labels.filter((l) => /\d…$/.test(l))).toEqual([]);
  });

  it('colours bars by outcome, and only colours: stripped, it is the plain chart', () => {
    const coloured = renderTimeline(mixed(), 60, colour);
    expect(coloured).toContain('\u001b[32m█'); // ok in green
    expect(coloured).toContain('\u001b[31m▓'); // error in red
    expect(coloured).toContain('\u001b[33m░'); // cancelled in yellow
    expect(stripVTControlCharacters(coloured)).toBe(renderTimeline(mixed(), 60, plain));
  });

  it('neutralises escape sequences in task names', () => {
    const text = renderTimeline([variant('v', [span('evil\u001b[2J\nname', 0, 10, 0)])], 60, plain);
    expect(text).not.toContain('\u001b');
    expect(rowsOf(text, 'v')[0]).toMatch(/^ {2}evil \[2J name +│/);
  });

  it('says so when there is nothing to draw', () => {
    expect(renderTimeline([variant('v', [])], 60, plain)).toBe('Timeline  no tasks recorded');
    const text = renderTimeline([variant('a', [span('x', 0, 10, 0)]), variant('b', [])], 60, plain);
    expect(text).toContain('b · 0 tasks on 0 lanes\n  (no tasks recorded)');
  });

  describe('waiting, drawn apart from running', () => {
    /** `name` queued at `start`, running from `running` to `end`, on `lane`. */
    const queued = (name: string, start: number, running: number, end: number, lane: number, outcome: Span['outcome'] = 'ok'): Span => ({
      ...span(name, start, end, lane, outcome),
      running,
    });

    it('few tasks: each row shows its wait as · and its run as a bar, and the header counts lanes while running', () => {
      // A pool of 2 threads and 4 tasks of 1 s, all queued at 0 (the cpu demo's workers variant).
      const pool = variant('workers', [
        queued('cpu-1', 0, 0, 1000, 0),
        queued('cpu-2', 0, 0, 1000, 1),
        queued('cpu-3', 0, 1000, 2000, 0),
        queued('cpu-4', 0, 1000, 2000, 1),
      ]);
      // Bars of 50 cells for 2 s: 25 cells a second.
      const text = renderTimeline([pool], 60, plain);
      expect(rowsOf(text, 'workers')).toEqual([
        `  cpu-1 │${'█'.repeat(25)}`,
        `  cpu-2 │${'█'.repeat(25)}`,
        `  cpu-3 │${'·'.repeat(25)}${'█'.repeat(25)}`,
        `  cpu-4 │${'·'.repeat(25)}${'█'.repeat(25)}`,
      ]);
      expect(text).toContain('workers · 4 tasks on 2 lanes, 2 waited for their turn');
      expect(text.split('\n').at(-1)).toBe('█ ok  ▓✗ error  ░⊘ cancelled  · waiting to start');
      const ascii_ = renderTimeline([pool], 60, ascii);
      expect(rowsOf(ascii_, 'workers')[2]).toBe(`  cpu-3 |${'.'.repeat(25)}${'#'.repeat(25)}`);
      expect(ascii_.split('\n').at(-1)).toBe('# ok  xX error  -/ cancelled  . waiting to start');
    });

    it('a slow start (no task ended during the wait) is drawn, but not counted as waiting for a turn', () => {
      // cpu-1 took 80 ms to reach a thread that was free all along; cpu-3 waited for cpu-1 to end.
      const pool = variant('workers', [queued('cpu-1', 0, 80, 1000, 0), queued('cpu-2', 0, 0, 1000, 1), queued('cpu-3', 0, 1000, 2000, 0)]);
      const text = renderTimeline([pool], 60, plain);
      expect(rowsOf(text, 'workers')[0]).toBe(`  cpu-1 │··${'█'.repeat(23)}`);
      expect(text).toContain('workers · 3 tasks on 2 lanes, 1 waited for its turn\n');
    });

    it('a task cancelled while waiting shows its wait ending in ⊘, and no bar', () => {
      const text = renderTimeline([variant('v', [queued('a', 0, 0, 2000, 0), queued('b', 0, 1000, 1000, 0, 'cancelled')])], 60, plain);
      // Bars of 50 cells for 2 s: the wait of 1 s is 25 cells, the last one its ⊘.
      expect(rowsOf(text, 'v')[1]).toBe(`  b     │${'·'.repeat(24)}⊘`);
      expect(text).toContain('v · 2 tasks on 1 lane, 1 waited for its turn, 1 cancelled');
    });

    it("wraps a variant's facts between facts at 60 columns instead of cutting them; one line where they fit", () => {
      // fetch-all --count 150 --variants concurrent: a pool of 100, the last 50 wait for a slot.
      const spans = Array.from({ length: 150 }, (_, i) => queued(`GET /delay/0.2 #${i + 1}`, 0, i < 100 ? 0 : 200, i < 100 ? 200 : 400, i % 100));
      spans[149]!.outcome = 'error';
      const at = (width: number): string => renderTimeline([variant('concurrent', spans)], width, plain);
      const narrow = at(60).split('\n');
      const head = narrow.findIndex((l) => l.startsWith('concurrent '));
      expect(narrow.slice(head, head + 3)).toEqual([
        'concurrent · 150 tasks on 100 lanes,',
        // Under the first fact, apart from the rows' labels two in.
        '             50 waited for their turn, 1 failed',
        expect.stringMatching(/^ {2}waiting +│·+$/),
      ]);
      expect(narrow.every((l) => [...l].length <= 60)).toBe(true);
      expect(at(60)).not.toContain('…,');
      expect(at(80)).toContain('\nconcurrent · 150 tasks on 100 lanes, 50 waited for their turn, 1 failed\n');
      expect(at(200)).toContain('\nconcurrent · 150 tasks on 100 lanes, 50 waited for their turn, 1 failed\n');
    });

    it('puts the facts of a name too long for them on the lines below, four in', () => {
      const text = renderTimeline([variant('a-variant-name-long-enough-to-fill-most-of-the-line', [span('a', 0, 10, 0)])], 60, plain).split('\n');
      const head = text.findIndex((l) => l.startsWith('a-variant'));
      expect(text.slice(head, head + 2)).toEqual(['a-variant-name-long-enough-to-fill-most-of-the-line', '    1 task on 1 lane']);
    });

    it('many tasks: rows are lanes, one per slot, with the waits on a row of their own above them', () => {
      // limit(2) over 14 tasks of 100 ms: 7 waves, every task queued at 0.
      const spans = Array.from({ length: 14 }, (_, i) => queued(`t${i + 1}`, 0, Math.floor(i / 2) * 100, (Math.floor(i / 2) + 1) * 100, i % 2));
      const text = renderTimeline([variant('c=2', spans)], 60, plain);
      const rows = rowsOf(text, 'c=2');
      expect(rows).toHaveLength(3);
      expect(text).toContain('c=2 · 14 tasks on 2 lanes, 12 waited for their turn');
      // The wait row runs until the last wave starts, at 600 ms of 700.
      const [waiting, lane0, lane1] = rows.map((r) => r.split('│'));
      // 12 wait at first, tasks 3 … 14: said where the name column has room (not at 60 columns).
      expect(waiting![0]!.trim()).toBe('waiting');
      expect(renderTimeline([variant('c=2', spans)], 80, plain)).toMatch(/\n {2}waiting \(max 12\) +│·+\n/);
      expect(waiting![1]).toMatch(/^·+$/);
      expect(waiting![1]!.length).toBe(Math.round((600 / 700) * lane0![1]!.length));
      expect(lane0![0]!.trim()).toMatch(/^t1, t3, t5/);
      expect(lane1).toEqual([expect.stringMatching(/^ {2}t2, t4/), lane0![1]]);
    });

    it('on a lane, consecutive tasks of equal length are separate and equal: each starts with ▐', () => {
      // 14 tasks of 100 ms one after another on one lane; the bars are 48 cells for 1.4 s.
      const spans = Array.from({ length: 14 }, (_, i) => span(`t${i}`, i * 100, (i + 1) * 100, 0));
      const text = renderTimeline([variant('seq', spans)], 60, plain);
      const bar = rowsOf(text, 'seq')[0]!.split('│')[1]!;
      // No eighth blocks between tasks: whole cells, and a boundary where each next one starts.
      expect(bar).toMatch(/^[█▐]+$/);
      const pieces = bar.split('▐');
      expect(pieces).toHaveLength(14);
      const lengths = pieces.map((p, i) => p.length + (i === 0 ? 0 : 1));
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
      expect(text.split('\n').at(-1)).toBe('█ ok  ▓✗ error  ░⊘ cancelled  ▐ next task on the lane');
      // With waits too, the legend wraps rather than run past the width.
      const both = renderTimeline([variant('seq', spans), variant('pool', [{ ...span('w', 0, 1400, 0), running: 700 }])], 60, plain).split('\n');
      expect(both.slice(-2)).toEqual(['█ ok  ▓✗ error  ░⊘ cancelled  · waiting to start', '▐ next task on the lane']);
      expect(rowsOf(renderTimeline([variant('seq', spans)], 60, ascii), 'seq')[0]!.split('|')[1]).toMatch(/^#+(\[#+){13}$/);
    });
  });
});

