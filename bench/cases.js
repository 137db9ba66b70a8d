// One benchmark case in a fresh process, so its time and peak memory belong to it alone.
// Usage: node bench/cases.js <case> <n> [delayMs]
//   → prints {"case", "n", "ms", "cpuMs", "maxRssMb", …} as the last line of stdout.
// Time runs from just before the case starts its work (modules already loaded) to when
// that work has settled; peak RSS is the process's, start-up included, as a user sees it.
import { getEventListeners } from 'node:events';
import pLimit from 'p-limit';
import { gather, limit, sleep, taskGroup, timeout } from '../dist/core/index.js';

const [name, nArg, delayArg] = process.argv.slice(2);
const n = Number(nArg);
const ms = Number(delayArg ?? 100);

// The baseline sleep: what anyone writes without a library.
const plainSleep = (d) => new Promise((resolve) => setTimeout(resolve, d));
const timersLeft = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

const cases = {
  // Baselines.
  'raw-all': () => Promise.all(Array.from({ length: n }, () => plainSleep(ms))),
  'p-limit': () => {
    const run = pLimit(100);
    return Promise.all(Array.from({ length: n }, () => run(() => Promise.resolve())));
  },
  // The floor under timeout(): raw sleeps, each with an AbortController whose signal is
  // created and nothing else (no listener, no timer): the one thing a timeout body needs.
  // The signal is read before the sleep, so that it lives as long as a body's does
  // (AbortController creates it lazily: read after the sleep, as this case once did, no
  // two of the 1e5 signals ever coexisted: Node 20 took 1311 ms of CPU that way against
  // 1548 ms for live signals, in one interleaved run on 2026-12-01).
  'raw-all-with-signals': () =>
    Promise.all(
      Array.from({ length: n }, () => {
        const { signal } = new AbortController();
        return plainSleep(ms).then(() => signal.aborted);
      }),
    ),
  // timeout() written by hand, as a user without the library would: one AbortController
  // and one timer per scope, the body's sleep on its signal, the timer cleared on the way
  // out. Same body as the 'timeout' case (our sleep on the signal), so the difference is
  // the scope machinery alone.
  'hand-written-timeout': async () => {
    let timedOut = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), ms * 10);
        try {
          await sleep(ms, { signal: controller.signal });
        } catch {
          timedOut++; // only on a machine so busy that creating the 1e5 scopes took > 10 × ms
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return { timedOut };
  },

  // Ours.
  'sleep-no-signal': () => Promise.all(Array.from({ length: n }, () => sleep(ms))),
  'sleep-shared-signal': async () => {
    const controller = new AbortController();
    await Promise.all(Array.from({ length: n }, () => sleep(ms, { signal: controller.signal })));
    return { listenersLeft: getEventListeners(controller.signal, 'abort').length, timersLeft: timersLeft() };
  },
  // Each child sleeps on the signal it is given, as structured code does.
  'task-group': async () => {
    await taskGroup(async (tg) => {
      for (let i = 0; i < n; i++) tg.spawn((signal) => sleep(ms, { signal }));
    });
    return { timersLeft: timersLeft() };
  },
  'task-group-fail': async () => {
    const controller = new AbortController();
    let failedAt = 0;
    let signal;
    const outcome = await taskGroup(
      async (tg) => {
        signal = tg.signal;
        for (let i = 0; i < n; i++) tg.spawn((s) => sleep(10_000, { signal: s }));
        tg.spawn(async (s) => {
          await sleep(ms, { signal: s });
          failedAt = performance.now();
          throw new Error('boom');
        });
      },
      { signal: controller.signal },
    ).then(
      () => 'fulfilled',
      (err) => err.name,
    );
    return {
      outcome,
      rejectedAfterFailureMs: performance.now() - failedAt,
      timersLeft: timersLeft(),
      listenersLeft: getEventListeners(controller.signal, 'abort').length + getEventListeners(signal, 'abort').length,
    };
  },
  // gather over the baseline's own sleeps: what gather itself adds to Promise.all.
  gather: () => gather(Array.from({ length: n }, () => plainSleep(ms))),
  limit: () => {
    const run = limit(100);
    return Promise.all(Array.from({ length: n }, () => run(() => Promise.resolve())));
  },
  timeout: async () => {
    await Promise.all(Array.from({ length: n }, () => timeout(ms * 10, (signal) => sleep(ms, { signal }))));
    return { timersLeft: timersLeft() };
  },
};

const run = cases[name];
if (run === undefined) {
  process.stderr.write(`unknown case ${name}; known: ${Object.keys(cases).join(', ')}\n`);
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const extra = await run();
const elapsed = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const fields = typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? extra : {};
process.stdout.write(`${JSON.stringify({ case: name, n, ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb, ...fields })}\n`);
