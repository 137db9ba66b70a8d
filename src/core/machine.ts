import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How busy the machine and this process's event loop were while something ran: the
 * facts behind a "the machine was busy" warning. Data only; the CLI words it.
 */
export interface MachineLoad {
  /** Cores this process may use (`os.availableParallelism()`). */
  cores: number;
  /**
   * The 1-minute load average, the higher of its readings at the start and at the end
   * (a one-minute average lags: a run that made the machine busy shows at its end).
   * 0 where the platform has none (Windows).
   */
  load1: number;
  /**
   * How late the event loop's own timer fired, beyond its period, in ms: an idle loop
   * shows about 0; a loop held up by a long synchronous stretch, or a process starved
   * of CPU by others, shows the hold-up.
   */
  loopDelay: { p99Ms: number; maxMs: number; samples: number };
}

/** A running watch; {@link MachineWatch.stop} ends it and returns what it saw. */
export interface MachineWatch {
  stop(): MachineLoad;
}

/** The histogram's sampling period, in ms: Node's default. */
const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

/**
 * Starts watching the machine: the load average now, and an event-loop delay histogram
 * (`perf_hooks.monitorEventLoopDelay`, one 10 ms timer, unref'd by Node) until `stop()`.
 * Cheap enough to wrap every measurement.
 *
 * @example
 * const watch = watchMachine();
 * await measure({ variants });
 * const load = watch.stop(); // { cores: 2, load1: 0.4, loopDelay: { p99Ms: 0.2, maxMs: 1.1, samples: 301 } }
 */
export function watchMachine(): MachineWatch {
  const startLoad = loadavg()[0] ?? 0;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let stopped: MachineLoad | undefined;
  return {
    stop() {
      if (stopped !== undefined) return stopped;
      histogram.disable();
      const samples = histogram.count;
      const beyond = (ns: number): number => (samples === 0 ? 0 : Math.max(0, ns / NS_PER_MS - RESOLUTION_MS));
      stopped = {
        cores: availableParallelism(),
        load1: Math.max(startLoad, loadavg()[0] ?? 0),
        loopDelay: { p99Ms: beyond(histogram.percentile(99)), maxMs: beyond(histogram.max), samples },
      };
      return stopped;
    },
  };
}
