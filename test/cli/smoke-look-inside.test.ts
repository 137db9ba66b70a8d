// The acceptance checks on the real bin and the compiled dist/ (`npm test` builds it first).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/spawn-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bin: trace, explain, run', () => {
  it('gather --scale 0.1 --trace writes a valid trace with one X event per task (6)', async () => {
    const file = join(dir, 't.json');
    const r = await runBin(['gather', '--scale', '0.1', '--trace', file]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { ph: string; ts?: number; dur?: number }[]; displayTimeUnit: string };
    expect(doc.displayTimeUnit).toBe('ms');
    const tasks = doc.traceEvents.filter((e) => e.ph === 'X');
    expect(tasks).toHaveLength(6);
    // 100 ms greetings, in microseconds, loosely.
    for (const e of tasks) expect(e.dur).toBeGreaterThan(80_000);
  });

  it('explain taskgroup prints the TypeScript (from dist/examples) and the Python', async () => {
    const r = await runBin(['explain', 'taskgroup']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('const [task1, task2, task3] = await taskGroup(async (tg) => {');
    expect(r.stdout).toContain('async with asyncio.TaskGroup() as tg:');
  });

  it('run examples/experiment.ts --json prints a report', async () => {
    const r = await runBin(['run', 'examples/experiment.ts', '--json'], { ASYNCDEMO_SCALE: '0.1' });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema: string; variants: { name: string; spans: unknown[] }[] };
    expect(doc.schema).toBe('asyncdemo.report/1');
    expect(doc.variants.map((v) => [v.name, v.spans.length])).toEqual([
      ['sequential', 4],
      ['concurrent', 4],
      ['limited', 4],
    ]);
  });

  it('a .ts file outside the project with two 300 ms functions: speedup ≥ 1.5', async () => {
    const file = join(dir, 'mine.ts');
    writeFileSync(
      file,
      [
        "import { setTimeout as delay } from 'node:timers/promises';",
        'export async function one(signal: AbortSignal): Promise<void> { await delay(300, undefined, { signal }); }',
        'export async function two(signal: AbortSignal): Promise<void> { await delay(300, undefined, { signal }); }',
        '',
      ].join('\n'),
    );
    const r = await runBin(['run', file, '--json', '--runs', '3']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { speedups: { variant: string; value: number }[] };
    expect(doc.speedups[0]!.variant).toBe('concurrent');
    // 1.5 tells concurrent (ideal 2) from sequential (1) with 100 ms to spare on a busy machine.
    expect(doc.speedups[0]!.value).toBeGreaterThanOrEqual(1.5);
  });
});
