import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderCompletionDetail } from '../../../src/cli/render/completion.js';
import { detailRenderers } from '../../../src/cli/render/details.js';
import { renderQueueDetail } from '../../../src/cli/render/queue.js';
import { renderRaceDetail } from '../../../src/cli/render/race.js';
import { renderRetryDetail } from '../../../src/cli/render/retry.js';
import { renderSweepDetail } from '../../../src/cli/render/sweep.js';
import type { RaceDetail } from '../../../src/demos/race.js';
import { ascii, colour, plain } from './fixtures.js';

const sweep = (concurrency: number, points: [number, number][]) => ({
  n: 20,
  taskMs: 200,
  concurrency,
  sweep: [1, 2, 4, 8, 16, 20],
  points: points.map(([c, ms]) => ({ concurrency: c, ms, idealMs: Math.ceil(20 / c) * 200 })),
});
const fullSweep = sweep(20, [
  [1, 4000],
  [2, 2000],
  [4, 1000],
  [8, 600],
  [16, 800],
  [20, 200],
]);

describe('demo detail renderers', () => {
  it('are registered under the keys the demos attach', () => {
    expect(detailRenderers.race).toBe(renderRaceDetail);
    expect(detailRenderers.completion).toBe(renderCompletionDetail);
    expect(detailRenderers.sweep).toBe(renderSweepDetail);
    expect(detailRenderers.queue).toBe(renderQueueDetail);
    expect(detailRenderers.retry).toBe(renderRetryDetail);
  });

  describe('sweep', () => {
    it('draws time against concurrency, measured beside ideal, with each point\'s time over its ideal', () => {
      expect(renderSweepDetail(fullSweep, plain, 78)).toEqual([
        'Time against concurrency (● measured, ○ ideal ⌈n/c⌉ × 200.0 ms, n = 20)',
        '  4.000 s ┤    ◉',
        '          │',
        '          │',
        '          │',
        '  2.000 s ┤          ◉',
        '          │',
        '          │                ◉           ●',
        '          │                      ◉     ○',
        '   0.0 ms ┤                                  ◉',
        '          └────┬─────┬─────┬─────┬─────┬─────┬─',
        '               1     2     4     8    16    20 concurrency',
        '              0%    0%    0%    0% +100%    0% over the ideal waits',
      ]);
    });

    // The row is the report's Planned line per point (`+15.0% over the ideal waits`), not
    // the Summary's efficiency (a speedup over its ideal speedup): one name, one quantity.
    it('names the row as the Planned line does, signed, and says when a point is under its ideal', () => {
      const late = sweep(20, [[1, 4600], [2, 2300], [4, 990], [8, 600], [16, 401], [20, 200]]);
      const lines = renderSweepDetail(late, plain, 78);
      expect(lines.at(-1)).toBe('           +15% +15%  -1%   0%   0%   0% over (+) or under (-) the ideal waits');
      expect(lines.join('\n')).not.toContain('efficiency');
      expect(renderSweepDetail(sweep(20, [[1, 4600], [2, 2000], [20, 200]]), plain, 78).at(-1)).toBe(
        '           +15%   0%   0% over the ideal waits',
      );
    });

    it('reads without colour or Unicode: ASCII glyphs and axes', () => {
      const lines = renderSweepDetail(fullSweep, ascii, 78);
      expect(lines[0]).toBe('Time against concurrency (* measured, o ideal ceil(n/c) x 200.0 ms, n = 20)');
      expect(lines[1]).toBe('  4.000 s +    @');
      expect(lines[7]).toBe('          |                @           *');
      expect(lines[8]).toBe('          |                      @     o');
      expect(lines[10]).toBe('          +----+-----+-----+-----+-----+-----+-');
      expect(lines.join('')).toMatch(/^[\x20-\x7e]*$/);
    });

    it('colours only the glyphs: stripped, the colour output is the plain one', () => {
      const painted = renderSweepDetail(fullSweep, colour, 78);
      expect(painted.join('\n')).not.toBe(renderSweepDetail(fullSweep, plain, 78).join('\n'));
      expect(painted.map((l) => stripVTControlCharacters(l))).toEqual(renderSweepDetail(fullSweep, plain, 78));
    });

    it('appears only under the variant that closes the sweep', () => {
      expect(renderSweepDetail(sweep(4, [[1, 4000], [2, 2000], [4, 1000]]), plain, 78)).toEqual([]);
    });

    it('falls back to a table when the chart would not fit', () => {
      expect(renderSweepDetail(fullSweep, plain, 30)).toEqual([
        'Time against concurrency (● measured, ○ ideal ⌈n/c⌉ × 200.0 ms, n = 20)',
        '  c= 1     4.000 s  ideal 4.000 s',
        '  c= 2     2.000 s  ideal 2.000 s',
        '  c= 4     1.000 s  ideal 1.000 s',
        '  c= 8    600.0 ms  ideal 600.0 ms',
        '  c=16    800.0 ms  ideal 400.0 ms',
        '  c=20    200.0 ms  ideal 200.0 ms',
      ]);
    });
  });

  describe('queue', () => {
    const detail = {
      maxsize: 2,
      workers: 1,
      producerWaits: 3,
      endMs: 1000,
      samples: [
        [0, 0],
        [100, 1],
        [200, 2],
        [800, 0],
      ] as [number, number][],
    };

    it("sparks the queue's length over time and says how long it was full", () => {
      const lines = renderQueueDetail(detail, plain, 60);
      expect(lines).toEqual([
        'Queue length over 1.000 s (maxsize 2): ▁▁▅▅█████████████▁▁▁▁',
        'full 60.0% of the time · the producer waited for room 3 times · 1 worker',
      ]);
    });

    it('has an ASCII form and never-waited wording', () => {
      expect(renderQueueDetail({ ...detail, producerWaits: 0, workers: 4 }, ascii, 60)).toEqual([
        'Queue length over 1.000 s (maxsize 2): __==#############____',
        'full 60.0% of the time | the producer never waited for room | 4 workers',
      ]);
    });

    it('keeps a brief peak visible however narrow the columns', () => {
      const blip = { ...detail, samples: [[0, 0], [500, 2], [500.5, 0]] as [number, number][] };
      expect(renderQueueDetail(blip, plain, 48)[0]).toContain('█');
    });
  });

  it('race: the winner, when all stopped, and the wasted work', () => {
    const detail: RaceDetail = { winner: 'mirror 2', toWinnerMs: 1000, allStoppedMs: 3000, wastedMs: 3000, losers: 2, losersWere: 'ran on' };
    expect(renderRaceDetail(detail, plain, 100)).toEqual([
      'Winner: mirror 2 at 1.000 s · all stopped at 3.000 s · wasted work: 3.000 s (2 losers ran on)',
    ]);
    expect(renderRaceDetail({ ...detail, wastedMs: 0, losers: 1, losersWere: 'cancelled' }, ascii, 100)).toEqual([
      'Winner: mirror 2 at 1.000 s | all stopped at 3.000 s | wasted work: 0.0 ms (1 loser cancelled)',
    ]);
    // Narrower, a part per line instead of a word cut by the terminal.
    expect(renderRaceDetail(detail, plain, 78)).toEqual(['Winner: mirror 2 at 1.000 s · all stopped at 3.000 s', '  wasted work: 3.000 s (2 losers ran on)']);
    expect(renderRaceDetail(detail, plain, 40)).toEqual(['Winner: mirror 2 at 1.000 s', '  all stopped at 3.000 s', '  wasted work: 3.000 s (2 losers ran on)']);
  });

  it('completion: time to the first result, to the last, and the order handled', () => {
    const detail = { firstMs: 1000, lastMs: 3000, order: ['Bob', 'Charlie', 'Alice'], count: 3, handleMs: 500 };
    expect(renderCompletionDetail(detail, plain, 78)).toEqual([
      'First result handled at 1.000 s · last arrived at 3.000 s',
      'Handled in order: Bob → Charlie → Alice',
    ]);
    expect(renderCompletionDetail({ ...detail, count: 30 }, ascii, 40)).toEqual([
      'First result handled at 1.000 s | last arrived at 3.000 s',
      'Handled in order: Bob -> Charlie -> A...',
    ]);
  });

  it('retry: successes, attempts and time, then the attempts of each call', () => {
    const detail = {
      calls: 3,
      attempts: 9,
      successes: 2,
      failures: 1,
      timeMs: 1500,
      perCall: [
        { name: 'call 1', attempts: 1, ok: true },
        { name: 'call 2', attempts: 6, ok: false },
        { name: 'call 3', attempts: 2, ok: true },
      ],
    };
    expect(renderRetryDetail(detail, plain, 78)).toEqual([
      '2 of 3 calls succeeded, 1 failed · 9 attempts (3.0 per call) · 1.500 s',
      'Attempts per call: 1 6✗ 2',
    ]);
    expect(renderRetryDetail({ ...detail, calls: 30 }, ascii, 78)[1]).toBe('Attempts per call: 1 6x 2 ... 27 more');
    expect(renderRetryDetail(detail, colour, 78).map((l) => stripVTControlCharacters(l))).toEqual(renderRetryDetail(detail, plain, 78));
  });
});
