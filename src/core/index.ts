/**
 * asyncdemo's core library: small, cancellable concurrency primitives in the spirit of
 * asyncio and trio, plus the measurement engine the CLI is built on. Every name is
 * listed explicitly: this file is the package's public API.
 */
export { systemClock, type Clock } from './clock.js';
export { sleep, type SleepOptions } from './sleep.js';
export { onAbort } from './abort.js';
export { AbortError, TimeoutError, QueueShutDownError, QueueFull, QueueEmpty, isAbortError, MAX_DELAY_MS } from './errors.js';
export { measure } from './measure.js';
export { describeError } from './errors.js';
export type {
  ErrorInfo,
  MeasureEvent,
  MeasureOptions,
  Measurement,
  NarrationLine,
  Outcome,
  Progress,
  QueuedTask,
  RunContext,
  Span,
  Speedup,
  SpeedupInvalid,
  VariantResult,
  VariantSpec,
} from './measure-types.js';
export { summarize, percentile, type Stats } from './stats.js';
export { findCaveats, SPREAD_LIMIT, LOOP_DELAY_LIMIT_MS, EFFICIENCY_LIMIT, EFFICIENCY_FLOOR, NO_SPEEDUP_IDEAL, type Caveat, type CaveatContext } from './caveats.js';
export { watchMachine, type MachineLoad, type MachineWatch } from './machine.js';
export { gather, type Awaitable, type GatherOptions } from './gather.js';
export { limit, type Limiter, type LimitOptions } from './limit.js';
export { countdown, merge, type CountdownOptions } from './iterate.js';
export { race, type Contestant, type RaceOptions } from './race.js';
export { asCompleted, type AsCompletedOptions } from './as-completed.js';
export { Queue, type QueueOptions, type QueueState, type QueueWaitOptions } from './queue.js';
export { retry, backoff, type BackoffOptions, type Jitter, type RetryContext, type RetryOptions } from './retry.js';
export { TaskGroup, taskGroup, type Task, type TaskGroupState, type SpawnOptions, type TaskGroupOptions } from './task-group.js';
export { timeout, timeoutAt, shielded, type TimeoutScope, type TimeoutOptions } from './timeout.js';
