import { summarize } from '../../src/core/stats.js';
import type { LoadedDocument } from '../../src/cli/documents.js';
import type { EnvInfo, JsonReport } from '../../src/cli/report-json.js';

export const env: EnvInfo = { node: 'v20.19.0', platform: 'linux', arch: 'x64', cpus: 2, cpu: 'Test CPU', load: [0.5, 0.4, 0.3], asyncdemo: '0.1.0' };

/**
 * A report whose variants took `samples` ms (the first variant is the baseline, the
 * second the headline), with planned times of 300 and 100 ms.
 */
export function report(demo: string, samples: Record<string, number[]>, extra: Partial<JsonReport> = {}): JsonReport {
  const variants = Object.entries(samples).map(([name, xs], i) => ({
    name,
    summary: `${name} variant`,
    plannedMs: i === 0 ? 300 : 100,
    ms: summarize(xs),
    spans: [{ task: 'a', start: 0, end: xs[0]!, outcome: 'ok' as const, lane: 0 }],
    narration: [],
  }));
  const base = variants[0]!;
  const speedups = variants.slice(1).map((v) => {
    const value = base.ms.median / v.ms.median;
    return { variant: v.name, baseline: base.name, value, stddev: 0, ideal: 3, efficiency: value / 3, valid: true };
  });
  return { schema: 'asyncdemo.report/1', demo, params: { runs: Object.values(samples)[0]!.length }, variants, speedups, caveats: [], interrupted: false, env, ...extra };
}

export function doc(file: string, ...reports: JsonReport[]): LoadedDocument {
  return { file, kind: reports.length === 1 ? 'report' : 'summary', reports, env: reports[0]!.env };
}
