// Bench row 3b: a task group in a long-lived process, where library code lives. Run with
// `node --expose-gc bench/warm.js [n] [rounds]` (bench/run.js does): in this one process,
// after a warm-up round of both cases, `rounds` interleaved samples of each, a full gc
// before every sample, and their medians:
//   raw:        Promise.all of n setTimeout sleeps of 100 ms (what anyone writes)
//   task-group: taskGroup with n children, each sleeping 100 ms on the signal it is given
// Prints one JSON line: {"n","rounds","raw":{ms,cpuMs,all},"taskGroup":{…}}.
//
// Why Node 20 and Node 24 differed here (2.16× vs 0.95× in the README's table before the
// sleeps of one deadline and signal shared a sleeper): the young generation. Node 20's
// semi-space stops at 16 MB, Node 24's scavenger may use 64 MB (32 MB, doubled without
// pointer compression), and 1e5 children stay alive for their whole 100 ms, so on Node 20
// every scavenge copied them again. Measured 2026-12-01, Node 20, before that change:
// 1.71× and 1.08× by default, 1.06× and 1.06× with --max-semi-space-size=64 (load ~11).
// Not AbortSignal: the group creates one controller, not one per child.
import { sleep, taskGroup } from '../dist/core/index.js';

const n = Number(process.argv[2] ?? 1e5);
const rounds = Number(process.argv[3] ?? 3);
const ms = 100;
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const plainSleep = (d) => new Promise((resolve) => setTimeout(resolve, d));
const cases = {
  raw: () => Promise.all(Array.from({ length: n }, () => plainSleep(ms))),
  taskGroup: () =>
    taskGroup(async (tg) => {
      for (let i = 0; i < n; i++) tg.spawn((signal) => sleep(ms, { signal }));
    }),
};
const names = Object.keys(cases);

async function sample(name) {
  globalThis.gc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await cases[name]();
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const name of names) await sample(name); // warm-up: JIT, timer lists, heap size
const runs = Object.fromEntries(names.map((name) => [name, []]));
for (let i = 0; i < rounds; i++) {
  // Rotating order (A B, B A, …), so that neither case always runs first after the gc.
  for (let k = 0; k < names.length; k++) {
    const name = names[(i + k) % names.length];
    runs[name].push(await sample(name));
  }
}
const summary = (rs) => ({ ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)), all: rs });
process.stdout.write(`${JSON.stringify({ n, rounds, raw: summary(runs.raw), taskGroup: summary(runs.taskGroup) })}\n`);
