// One benchmark case in a fresh process, so time and peak memory belong to it alone.
// Usage: node bench/cases.js <case> <n> [delayMs]  →  prints {"ms": …, "maxRssMb": …, …} on stdout.
import { setTimeout as delay } from 'node:timers/promises';
import { getEventListeners } from 'node:events';
import pLimit from 'p-limit';
import { gather, limit, sleep, taskGroup, timeout } from '../dist/core/index.js';

const [name, nArg, delayArg] = process.argv.slice(2);
const n = Number(nArg);
const ms = Number(delayArg ?? 100);

const plainSleep = (d) => new Promise((resolve) => setTimeout(resolve, d));

const cases = {
  // Baselines.
  'raw-all': () => Promise.all(Array.from({ length: n }, () => plainSleep(ms))),
  'raw-all-noop': () => Promise.all(Array.from({ length: n }, () => Promise.resolve())),
  'p-limit': () => {
    const run = pLimit(100);
    return Promise.all(Array.from({ length: n }, () => run(() => Promise.resolve())));
  },
  'timers-promises-shared-signal': () => {
    const controller = new AbortController();
    return Promise.all(Array.from({ length: n }, () => delay(ms, undefined, { signal: controller.signal })));
  },
  // Ours.
  'sleep-no-signal': () => Promise.all(Array.from({ length: n }, () => sleep(ms))),
  'sleep-shared-signal': async () => {
    const controller = new AbortController();
    await Promise.all(Array.from({ length: n }, () => sleep(ms, { signal: controller.signal })));
    return { listenersLeft: getEventListeners(controller.signal, 'abort').length };
  },
  'task-group': () =>
    taskGroup(async (tg) => {
      for (let i = 0; i < n; i++) tg.spawn((signal) => sleep(ms, { signal }));
    }),
  'task-group-fail': async () => {
    const controller = new AbortController();
    const failAt = ms;
    let failedAt = 0;
    const t0 = performance.now();
    const outcome = await taskGroup(
      async (tg) => {
        for (let i = 0; i < n; i++) tg.spawn((signal) => sleep(10_000, { signal }));
        tg.spawn(async (signal) => {
          await sleep(failAt, { signal });
          failedAt = performance.now();
          throw new Error('boom');
        });
      },
      { signal: controller.signal },
    ).then(
      () => 'fulfilled',
      (err) => err.name,
    );
    const rejectedAfterFailureMs = performance.now() - failedAt;
    return {
      outcome,
      rejectedAfterFailureMs,
      totalMs: performance.now() - t0,
      timersLeft: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
      listenersLeft: getEventListeners(controller.signal, 'abort').length,
    };
  },
  gather: () => gather(Array.from({ length: n }, () => sleep(ms))),
  limit: () => {
    const run = limit(100);
    return Promise.all(Array.from({ length: n }, () => run(() => Promise.resolve())));
  },
  timeout: async () => {
    await Promise.all(Array.from({ length: n }, () => timeout(ms * 10, (signal) => sleep(ms, { signal }))));
    return { timersLeft: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length };
  },
};

const run = cases[name];
if (run === undefined) {
  process.stderr.write(`unknown case ${name}; known: ${Object.keys(cases).join(', ')}\n`);
  process.exit(2);
}
const t0 = performance.now();
const extra = await run();
const elapsed = performance.now() - t0;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ case: name, n, ms: elapsed, maxRssMb, ...(typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? extra : {}) }) + '\n');
