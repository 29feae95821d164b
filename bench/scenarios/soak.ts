import path from 'node:path';
import v8 from 'node:v8';
import type { Report } from '../report';
import { percentile } from '../report';
import { envInt, sleep, startBenchHub, type BenchHub } from '../support/benchHub';
import { cpuMeter } from '../support/cpu';
import { statementCounts, statementsBetween } from '../support/dbStatements';
import { gc } from '../support/memory';
import { memoryPoint, trackPeaks, type MemoryPeaks, type MemoryPoint } from '../support/memoryTrack';
import { scansBetween, tableScans } from '../support/tableScans';
import { mixSkus, runOrderBatch } from '../support/orderDriver';

// Sizes: BENCH_SOAK_ORDERS (10000) through the pipeline in chunks of 1000 (fewer when the run is
// smaller: at least three chunks), BENCH_CONCURRENCY (20) in flight. BENCH_SOAK_TOPOLOGY=split: the
// workers in a process of their own (nice 0), so each process's memory is seen apart.
// The partner simulators run in a process of their own (they keep every record they are sent, as the
// partners' databases would; BENCH_SOAK_SIMULATORS=inline keeps them here, as before 2026-11-30).
// BENCH_SOAK_HEAP_SNAPSHOTS=<dir>: a heap snapshot of this process before and after each chunk, to diff.

interface ChunkResult {
  p99: number;
  p50: number;
  perSecond: number;
  /** CPU seconds per order by process: hub (API, workers, simulators, driver), temporal, postgres. */
  cpuPerOrder: Record<string, number>;
  seqRowsPerOrder: number;
  /** The tables those sequential scans read, the most rows first (rows per order). */
  seqRowsByTable: Record<string, number>;
  blocksPerOrder?: number;
  heaviest: { query: string; perOrder: number }[];
  /** After the chunk (main thread GCed), and the highest values sampled while it ran. */
  memory: MemoryPoint;
  peaks: MemoryPeaks;
}

/** What the process holds open: active handles and requests by kind (sockets, timers, ...). */
function activeResources(): { total: number; byKind: Record<string, number> } {
  const byKind: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
}

/** Connections to the bench database, from every process (hub pool, Prisma, the bench driver). */
async function databaseConnections(bench: BenchHub): Promise<number> {
  const [row] = await bench.hub.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`;
  return row.n;
}

async function snapshot(bench: BenchHub) {
  // Let the last orders' timers, sockets and pool clients settle as they do between bursts.
  await sleep(3000);
  const memory = memoryPoint(bench);
  return { rss: memory.rssMb, workerProcessRssMb: memory.workerProcessRssMb, resources: activeResources(), connections: await databaseConnections(bench) };
}

/**
 * Issue 17 goal 5: many orders through the whole pipeline (the usual mix: half paid later
 * through the API, a quarter split over two warehouses), chunk after chunk. Does the hub process
 * keep memory, handles or connections per order, and does the latest chunk take as long as the
 * first?
 */
export async function soakScenario(report: Report): Promise<void> {
  const orders = envInt('BENCH_SOAK_ORDERS', 10_000);
  const concurrency = envInt('BENCH_CONCURRENCY', 20);
  const chunk = Math.max(1, Math.min(1000, Math.floor(orders / 3)));
  const chunks = Math.max(1, Math.floor(orders / chunk));
  const split = process.env.BENCH_SOAK_TOPOLOGY === 'split';
  const bench = await startBenchHub({
    carrierDispatchDelayMs: 50,
    carrierDeliveryDelayMs: 50,
    ...(split && { workerProcess: { nice: 0 } }),
    simulatorProcess: process.env.BENCH_SOAK_SIMULATORS !== 'inline',
  });
  try {
    const skus = await mixSkus(bench, chunks * chunk + 100);
    // A warm-up, so that "before" already has the code loaded, the pools filled and the workflow cache in use.
    await runOrderBatch(bench, skus, Math.min(100, chunk), concurrency);
    const before = await snapshot(bench);
    const heapSnapshot = (name: string) => {
      const dir = process.env.BENCH_SOAK_HEAP_SNAPSHOTS;
      if (dir) console.error(`soak: heap snapshot ${v8.writeHeapSnapshot(path.join(dir, `soak-${name}.heapsnapshot`))}`);
    };
    heapSnapshot('before');
    const results: ChunkResult[] = [];
    for (let c = 0; c < chunks; c++) {
      // Per chunk, where the cost goes: a chunk slower than the first shows which process spends more per order.
      const [scansBefore, statementsBefore, cpu] = [await tableScans(bench.hub.db), await statementCounts(bench.hub.db), cpuMeter()];
      const peaks = trackPeaks(bench);
      const run = await runOrderBatch(bench, skus, chunk, concurrency, undefined, 1_800_000);
      const used = cpu();
      const chunkPeaks = peaks();
      const statements = statementsBetween(statementsBefore, await statementCounts(bench.hub.db), chunk);
      const scans = scansBetween(scansBefore, await tableScans(bench.hub.db));
      results.push({
        p99: percentile(run.shippedLatencyMs, 99),
        p50: percentile(run.shippedLatencyMs, 50),
        perSecond: chunk / run.completeSeconds,
        cpuPerOrder: Object.fromEntries(Object.entries({ hub: used.hubProcess, ...used.children }).map(([k, v]) => [k, Math.round((v / chunk) * 1000) / 1000])),
        seqRowsPerOrder: Math.round(scans.reduce((n, t) => n + t.seqRows, 0) / chunk),
        seqRowsByTable: Object.fromEntries(scans.slice(0, 3).map((t) => [t.table, Math.round(t.seqRows / chunk)])),
        blocksPerOrder: statements.blocksPerOrder === undefined ? undefined : Math.round(statements.blocksPerOrder),
        heaviest: statements.heaviest.slice(0, 3),
        memory: memoryPoint(bench),
        peaks: chunkPeaks,
      });
      heapSnapshot(`chunk-${c + 1}`);
      const r = results[c];
      console.error(
        `soak: chunk ${c + 1}/${chunks} done (p99 accept→shipped ${Math.round(r.p99)} ms, ${r.perSecond.toFixed(2)} orders/s, CPU s/order ${JSON.stringify(r.cpuPerOrder)}, seq rows/order ${r.seqRowsPerOrder} ${JSON.stringify(r.seqRowsByTable)}, blocks/order ${r.blocksPerOrder}, memory after ${JSON.stringify(r.memory)}, peaks ${JSON.stringify(r.peaks)})`,
      );
    }
    const after = await snapshot(bench);

    const first = results[0];
    const last = results[results.length - 1];
    const params = {
      orders: chunks * chunk,
      chunk,
      concurrency,
      mix: 'half paid later through the API, a quarter split; carrier 50/50 ms',
      simulators: process.env.BENCH_SOAK_SIMULATORS === 'inline' ? 'in this process' : 'a process of their own (npm run simulators)',
      topology: split ? 'split: API, starter and bench driver here; the workers in a process of their own' : 'one process',
      rss: `${split ? 'the API process (API + starter + bench driver)' : 'hub process (API + workers + bench driver)'}${gc ? ', after two full GCs of its main thread' : ', no GC available'}`,
      resourcesBefore: before.resources.byKind,
      resourcesAfter: after.resources.byKind,
    };
    const emit = (metric: string, value: number, unit: string) => report.emit({ scenario: 'soak', metric, value, unit, params });
    emit('hub_rss_before', before.rss, 'MB');
    emit('hub_rss_after', after.rss, 'MB');
    emit('hub_rss_growth', ((after.rss - before.rss) / before.rss) * 100, '% (target ≤ 10)');
    // The same from the end of the first chunk, once the workflow cache has been full: what grows with the history, not with the load's peak.
    emit('hub_rss_growth_after_first_chunk', ((after.rss - first.memory.rssMb) / first.memory.rssMb) * 100, '%');
    if (before.workerProcessRssMb !== undefined && after.workerProcessRssMb !== undefined) {
      emit('worker_process_rss_before', before.workerProcessRssMb, 'MB');
      emit('worker_process_rss_after', after.workerProcessRssMb, 'MB');
    }
    emit('active_resources_before', before.resources.total, 'handles+requests');
    emit('active_resources_after', after.resources.total, 'handles+requests');
    emit('db_connections_before', before.connections, 'connections');
    emit('db_connections_after', after.connections, 'connections');
    emit('shipped_p99_first_chunk', first.p99, 'ms');
    emit('shipped_p99_last_chunk', last.p99, 'ms');
    emit('shipped_p99_last_over_first', last.p99 / first.p99, 'x (1 = stable)');
    emit('shipped_p50_first_chunk', first.p50, 'ms');
    emit('shipped_p50_last_chunk', last.p50, 'ms');
    emit('orders_per_second_first_chunk', first.perSecond, 'orders/s');
    emit('orders_per_second_last_chunk', last.perSecond, 'orders/s');
    const perChunk = (metric: string, value: (r: ChunkResult) => number | undefined, unit: string, extra: Record<string, unknown> = {}) =>
      report.emit({ scenario: 'soak', metric, value: value(last) ?? 0, unit, params: { ...params, firstChunk: value(first), chunks: results.map(value), ...extra } });
    perChunk('orders_per_second_by_chunk', (r) => Math.round(r.perSecond * 100) / 100, 'orders/s (value: last chunk)');
    for (const group of Object.keys(last.cpuPerOrder)) perChunk(`${group}_cpu_seconds_per_order_by_chunk`, (r) => r.cpuPerOrder[group], 's/order (value: last chunk)');
    perChunk('db_rows_read_by_sequential_scans_per_order_by_chunk', (r) => r.seqRowsPerOrder, 'rows/order (value: last chunk)', {
      byTableFirst: first.seqRowsByTable,
      byTableLast: last.seqRowsByTable,
    });
    // Memory by chunk: growth that levels off once the cache has been full is a high-water mark; growth every chunk is a leak.
    perChunk('hub_rss_after_gc_by_chunk', (r) => r.memory.rssMb, 'MB (value: last chunk)', { before: before.rss });
    perChunk('hub_heap_used_by_chunk', (r) => r.memory.heapUsedMb, 'MB, main thread (value: last chunk)');
    perChunk('hub_rss_peak_by_chunk', (r) => r.peaks.rssMb, 'MB, sampled every 2 s without GC (value: last chunk)');
    if (last.peaks.cachedWorkflows !== undefined) perChunk('cached_workflows_peak_by_chunk', (r) => r.peaks.cachedWorkflows, 'workflows (value: last chunk)');
    if (last.memory.workerProcessRssMb !== undefined) {
      perChunk('worker_process_rss_by_chunk', (r) => r.memory.workerProcessRssMb, 'MB, no GC (value: last chunk)', { before: before.workerProcessRssMb });
      perChunk('worker_process_rss_peak_by_chunk', (r) => r.peaks.workerProcessRssMb, 'MB (value: last chunk)');
    }
    if (last.memory.simulatorProcessRssMb !== undefined) perChunk('simulator_process_rss_by_chunk', (r) => r.memory.simulatorProcessRssMb, 'MB (value: last chunk)');
    perChunk('db_blocks_per_order_by_chunk', (r) => r.blocksPerOrder, 'blocks/order (value: last chunk)', { heaviestFirst: first.heaviest, heaviestLast: last.heaviest });
  } finally {
    await bench.stop();
  }
}
