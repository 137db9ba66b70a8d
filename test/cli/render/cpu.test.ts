import { describe, expect, it } from 'vitest';
import { renderCpuDetail } from '../../../src/cli/render/cpu.js';
import { detailRenderers } from '../../../src/cli/render/details.js';
import { ascii, colour, plain } from './fixtures.js';

const blocked = {
  delay: { resolutionMs: 10, samples: 1, p50Ms: 1914.7, p99Ms: 1914.7, maxMs: 1914.7 },
  heartbeat: { intervalMs: 100, expected: 19, received: 1, missed: 18, longestGapMs: 1924.1 },
  blockedMs: 1904.7,
  utilization: 1,
};
const free = {
  delay: { resolutionMs: 10, samples: 104, p50Ms: 10.1, p99Ms: 11.3, maxMs: 12.02 },
  heartbeat: { intervalMs: 100, expected: 10, received: 10, missed: 0, longestGapMs: 101.2 },
  blockedMs: 2.02,
  utilization: 0.0064,
  pool: { threads: 2, startupMs: 81.25, threadsUsed: 2 },
};

describe('renderCpuDetail', () => {
  it('is the report’s renderer for the cpu detail', () => {
    expect(detailRenderers.cpu).toBe(renderCpuDetail);
  });

  it('says how long a blocked loop was stuck, with the delay, the missed ticks and the utilisation', () => {
    expect(renderCpuDetail(blocked, plain, 200)).toEqual([
      'Event loop: blocked up to 1.905 s · delay p99 1.915 s, max 1.915 s · 18 of 19 heartbeat ticks missed · busy 100.0%',
    ]);
  });

  it('shows a free loop and, for the pool, its threads and its start-up apart from the timing', () => {
    expect(renderCpuDetail(free, plain, 200)).toEqual([
      'Event loop: free · delay p99 11.3 ms, max 12.0 ms · 0 of 10 heartbeat ticks missed · busy 0.6%',
      'Pool: 2 threads, 2 used · start-up 81.3 ms, once, before timing',
    ]);
  });

  it('wraps at segment boundaries to fit the width, and uses ASCII separators on a dumb terminal', () => {
    const lines = renderCpuDetail(blocked, ascii, 70);
    expect(lines).toEqual([
      'Event loop: blocked up to 1.905 s | delay p99 1.915 s, max 1.915 s',
      '  18 of 19 heartbeat ticks missed | busy 100.0%',
    ]);
    const narrow = renderCpuDetail(free, plain, 40);
    expect(narrow.every((l) => l.length <= 40)).toBe(true);
    expect(narrow.join(' ')).toContain('start-up 81.3 ms');
  });

  it('colours the verdict: red when blocked, green when free, measuring widths without the escapes', () => {
    const [red] = renderCpuDetail(blocked, colour, 200);
    expect(red).toContain('\u001b[31mblocked up to 1.905 s\u001b[39m');
    const [green] = renderCpuDetail(free, colour, 200);
    expect(green).toContain('\u001b[32mfree\u001b[39m');
    expect(renderCpuDetail(blocked, colour, 70)).toHaveLength(2);
  });
});
