import { percentile, type Report } from '../report';
import { envInt, startBenchHub } from '../support/benchHub';
import { cpuMeter } from '../support/cpu';
import { scansBetween, tableScans } from '../support/tableScans';
import fs from 'node:fs';
import { statementCounts, statementsBetween } from '../support/dbStatements';
import { activityCount, historySize, profileFromHistory } from '../support/history';
import { kindOf, mixSkus, runOrderBatch } from '../support/orderDriver';
import type { BaselineProfile } from '../baseline/baseline.workflow';
import { recordHistoriesDir, saveHistory } from '../../test/histories/saveHistory';

/** What `orders` measured, for `baseline` in the same invocation. */
export interface OrdersRun {
  orders: number;
  concurrency: number;
  completedPerSecond: number;
  /** History profile per order kind (paid_single, unpaid_split, ...). */
  profiles: Map<string, BaselineProfile>;
}
export const ordersRuns: OrdersRun[] = [];

export const ordersSize = () => ({ orders: envInt('BENCH_ORDERS', 500), concurrency: envInt('BENCH_CONCURRENCY', 20) });

/**
 * N orders through the API at concurrency C: channels in turn, half paid (the rest paid through
 * the payment endpoint once they await payment), a quarter split over WH-EAST and WH-WEST, all
 * under the fraud threshold with complete addresses; the simulated carrier dispatches and delivers
 * 50 ms after each step.
 */
export async function ordersScenario(report: Report): Promise<void> {
  const { orders, concurrency } = ordersSize();
  const delays = { carrierDispatchDelayMs: 50, carrierDeliveryDelayMs: 50 };
  const bench = await startBenchHub(delays);
  try {
    const skus = await mixSkus(bench, orders);
    const scansBefore = await tableScans(bench.hub.db);
    const statementsBefore = await statementCounts(bench.hub.db);
    const cpu = cpuMeter();
    const fromUs = monotonicUs();
    const batch = await runOrderBatch(bench, skus, orders, concurrency, kindOf);
    const used = cpu();
    // The run's window in V8's profiler clock, for bench/support/profileSummary.ts --window.
    if (process.env.BENCH_PROFILE_WINDOW) fs.writeFileSync(process.env.BENCH_PROFILE_WINDOW, JSON.stringify({ fromUs, toUs: monotonicUs() }));
    const statements = statementsBetween(statementsBefore, await statementCounts(bench.hub.db), orders);
    const scans = scansBetween(scansBefore, await tableScans(bench.hub.db));
    const profiles = new Map<string, BaselineProfile>();
    for (const [kind, workflowId] of batch.samples) profiles.set(kind, await profileFromHistory(bench.hub.temporal, workflowId));
    const historiesDir = recordHistoriesDir();
    if (historiesDir) for (const [kind, workflowId] of batch.samples) await saveHistory(bench.hub.temporal, workflowId, `bench-orders-${kind.replace(/_/g, '-')}`, historiesDir);
    const completedPerSecond = orders / batch.completeSeconds;
    ordersRuns.push({ orders, concurrency, completedPerSecond, profiles });

    const params = {
      orders,
      concurrency,
      channels: 'webstore/amazon/ebay in turn',
      paid: batch.paidOrders,
      paidViaPaymentEndpoint: orders - batch.paidOrders,
      splitAcrossWarehouses: batch.splitOrders,
      ...delays,
      simulatorLatencyMs: 0,
      faults: 'none',
    };
    const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
      report.emit({ scenario: 'orders', metric, value, unit, params: { ...params, ...extra } });
    emit('accepted_per_second', orders / batch.acceptSeconds, 'orders/s', { window: 'first POST sent → last 202 received' });
    emit('completed_per_second', completedPerSecond, 'orders/s', { window: 'first accept → last delivered (orders.delivered_at)' });
    for (const p of [50, 95, 99]) {
      emit(`accept_to_shipped_p${p}`, percentile(batch.shippedLatencyMs, p), 'ms', { measured: '202 received → orders.shipped_at' });
    }
    const cpuNote = 'API, order worker, fulfillment/partner workers, simulators and the bench driver share one process (as in `npm start`): process.cpuUsage() delta';
    emit('hub_process_cpu_seconds_per_order', used.hubProcess / orders, 's/order', { cpu: cpuNote, window: 'first POST → last delivered' });
    emit('hub_process_cpu_ms_per_order', (used.hubProcess * 1000) / orders, 'ms/order', { cpu: cpuNote, window: 'first POST → last delivered' });
    for (const [group, seconds] of Object.entries(used.children)) {
      emit(`${group}_cpu_seconds_per_order`, seconds / orders, 's/order', {
        cpu: `${group} process tree from /proc/<pid>/stat (separate process)`,
        window: 'first POST → last delivered',
      });
    }
    emit('db_rows_read_by_sequential_scans_per_order', scans.reduce((n, t) => n + t.seqRows, 0) / orders, 'rows/order', {
      tables: scans.slice(0, 6),
      why: 'pg_stat_user_tables over the run: rows read by sequential scans grow with the table when an index is missing',
    });
    const dbNote = "every client of the database, the bench driver's progress polls included";
    emit('db_transactions_per_order', statements.transactionsPerOrder, 'commits/order', { source: 'pg_stat_database.xact_commit delta', clients: dbNote });
    if (statements.statementsPerOrder !== undefined) {
      emit('db_statements_per_order', statements.statementsPerOrder, 'statements/order', { source: 'pg_stat_statements calls delta', clients: dbNote, top: statements.top });
    }
    if (statements.blocksPerOrder !== undefined) {
      emit('db_blocks_per_order', statements.blocksPerOrder, 'blocks/order', {
        source: 'pg_stat_statements shared_blks_hit + shared_blks_read delta',
        clients: dbNote,
        why: 'a statement that scans shows here first, with the blocks it touched per order',
        heaviest: statements.heaviest,
      });
    }
    for (const [kind, profile] of profiles) {
      emit(`history_activities_${kind}`, activityCount(profile), 'activities', { profile });
    }
    for (const [kind, workflowId] of batch.samples) {
      const size = await historySize(bench.hub.temporal, workflowId);
      emit(`history_events_${kind}`, size.events, 'events', { workflowTasks: size.workflowTasks, searchAttributeUpserts: size.upserts });
      emit(`history_bytes_${kind}`, size.bytes, 'bytes', { encoding: 'protobuf History, payloads included' });
      emit(`search_attribute_upserts_${kind}`, size.upserts, 'upserts', { note: 'each is a history event and a visibility write' });
    }
  } finally {
    await bench.stop();
  }
}

/** V8's profiler clock (monotonic microseconds, the timestamps of a .cpuprofile). */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
