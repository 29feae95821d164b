import { readFileSync } from 'node:fs';
import type { BenchHub } from './benchHub';
import { rssMb } from './memory';

// Where a soak's memory sits: this process's heap against its resident set, the order worker's
// workflow cache, and the worker's and simulators' processes' resident sets when they run apart.

const MB = 1024 * 1024;

/** A process's resident set (VmRSS) in MB from /proc, or undefined when it cannot be read. */
export function procRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 10) / 10);

export interface MemoryPoint {
  /** This process (API, and the workers unless they run apart), after two full GCs of the main thread. */
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** The order worker's sticky cache, when it runs in this process. */
  cachedWorkflows?: number;
  /** The worker process's resident set (no GC can be forced there), in the split topology. */
  workerProcessRssMb?: number;
  /** The simulators' process's resident set, when they run apart. */
  simulatorProcessRssMb?: number;
}

export function memoryPoint(bench: BenchHub): MemoryPoint {
  const rss = rssMb();
  const m = process.memoryUsage();
  return {
    rssMb: round(rss)!,
    heapUsedMb: round(m.heapUsed / MB)!,
    heapTotalMb: round(m.heapTotal / MB)!,
    externalMb: round(m.external / MB)!,
    cachedWorkflows: bench.hub.worker?.getStatus().numCachedWorkflows,
    workerProcessRssMb: round(procRssMb(bench.workerPid)),
    simulatorProcessRssMb: round(procRssMb(bench.simulatorPid)),
  };
}

export interface MemoryPeaks {
  rssMb: number;
  cachedWorkflows?: number;
  workerProcessRssMb?: number;
}

/** Samples every `intervalMs` (no GC) until the returned stop, which gives the highest values seen. */
export function trackPeaks(bench: BenchHub, intervalMs = 2000): () => MemoryPeaks {
  const peaks: MemoryPeaks = { rssMb: 0 };
  const sample = () => {
    peaks.rssMb = Math.max(peaks.rssMb, process.memoryUsage.rss() / MB);
    const cached = bench.hub.worker?.getStatus().numCachedWorkflows;
    if (cached !== undefined) peaks.cachedWorkflows = Math.max(peaks.cachedWorkflows ?? 0, cached);
    const worker = procRssMb(bench.workerPid);
    if (worker !== undefined) peaks.workerProcessRssMb = Math.max(peaks.workerProcessRssMb ?? 0, worker);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    return { rssMb: round(peaks.rssMb)!, cachedWorkflows: peaks.cachedWorkflows, workerProcessRssMb: round(peaks.workerProcessRssMb) };
  };
}
