import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Clock } from '../../core/index.js';
import { startHeartbeat, type HeartbeatStats } from './heartbeat.js';

/** Event-loop delay as `perf_hooks.monitorEventLoopDelay` saw it, in ms. */
export interface LoopDelayStats {
  /** The sampling timer's period: an idle loop shows about this much delay. */
  resolutionMs: number;
  /** How many intervals were recorded (0 means the figures below are all 0). */
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** How responsive the event loop stayed while a variant ran: the `cpu` detail of the report. */
export interface LoopStats {
  delay: LoopDelayStats;
  heartbeat: HeartbeatStats;
  /** The longest stretch the loop could not run a timer, in ms (max delay less the resolution). */
  blockedMs: number;
  /** Event-loop utilisation over the run (0 idle … 1 never idle), from `performance.eventLoopUtilization`. */
  utilization: number;
}

/** A running monitor; {@link LoopMonitor.stop} ends it. */
export interface LoopMonitor {
  /**
   * Lets the loop turn once, so that a block that just ended is recorded, then stops
   * the histogram and the heartbeat (no timer is left) and returns the figures.
   */
  stop(): Promise<LoopStats>;
}

/** Options of {@link startLoopMonitor}. */
export interface LoopMonitorOptions {
  /** Drives the heartbeat and the settling waits. */
  clock: Clock;
  /** The heartbeat's period (default 100 ms). */
  heartbeatMs?: number;
  /** The histogram's sampling period (default 10 ms, Node's default). */
  resolutionMs?: number;
}

const NS_PER_MS = 1e6;

/**
 * Starts watching the event loop: a `monitorEventLoopDelay` histogram, an
 * event-loop-utilisation baseline and a {@link startHeartbeat} heartbeat.
 *
 * It resolves one sampling period later, because the histogram records the time
 * between two of its own ticks and so cannot see a block that starts before its first
 * tick: a variant that blocks at once would otherwise report no delay at all. Callers
 * pay that period before their work, in every variant alike.
 *
 * @example
 * const monitor = await startLoopMonitor({ clock: systemClock });
 * runTheWork();
 * const { delay, heartbeat } = await monitor.stop(); // delay.p99Ms, heartbeat.missed
 */
export async function startLoopMonitor(options: LoopMonitorOptions): Promise<LoopMonitor> {
  const { clock } = options;
  const resolutionMs = options.resolutionMs ?? 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  const heartbeat = startHeartbeat(clock, options.heartbeatMs ?? 100);
  try {
    // Uncancellable on purpose: it is shorter than any reaction to Ctrl-C would be.
    await clock.sleep(resolutionMs + 1);
  } catch (err) {
    histogram.disable();
    heartbeat.stop();
    throw err;
  }
  const elu = performance.eventLoopUtilization();
  let stats: Promise<LoopStats> | undefined;

  const stop = async (): Promise<LoopStats> => {
    const utilization = performance.eventLoopUtilization(elu).utilization;
    try {
      // The histogram's timer fires before ours (it fell due first), recording the block.
      await clock.sleep(1);
    } finally {
      histogram.disable();
    }
    const beat = heartbeat.stop();
    const samples = histogram.count;
    const ms = (ns: number): number => (samples > 0 ? ns / NS_PER_MS : 0);
    const delay: LoopDelayStats = {
      resolutionMs,
      samples,
      p50Ms: ms(histogram.percentile(50)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
    };
    return { delay, heartbeat: beat, blockedMs: Math.max(0, delay.maxMs - resolutionMs), utilization };
  };
  return { stop: () => (stats ??= stop()) };
}
