import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { configDefaults } from '../../src/config';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { connectTemporalClient } from '../../src/temporal/connection';
import { pool, type Report } from '../report';
import { eventSignal, pokeUpdate, type BaselineProfile } from '../baseline/baseline.workflow';
import { startBenchHub } from '../support/benchHub';
import { cpuMeter } from '../support/cpu';
import { activityCount, profileFromHistory } from '../support/history';
import { kindName, kindOf, mixSkus, runOrderBatch } from '../support/orderDriver';
import { ordersRuns, ordersSize } from './orders';

/**
 * The same count of bare workflows on the same Temporal server, each with the activities (no-ops,
 * in the same parallel groups), updates, signals and timers of the order it stands for, taken from
 * real order histories (those of `orders` when it ran first, else of a probe of 8 orders).
 */
export async function baselineScenario(report: Report): Promise<void> {
  const { orders: count, concurrency } = ordersSize();
  const ordersRun = ordersRuns.find((r) => r.orders === count && r.concurrency === concurrency);
  const profiles = ordersRun?.profiles ?? (await probeProfiles());

  const address = process.env[STACK_ENV.temporalAddress]!;
  const taskQueue = `bench-baseline-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowsPath: path.join(__dirname, '..', 'baseline', 'baseline.workflow.ts'),
    activities: { noop: async () => undefined },
    // As the order worker at its default (WORKER_ACTIVITY_SLOTS).
    maxConcurrentActivityTaskExecutions: configDefaults().worker.activitySlots,
  });
  const running = worker.run();
  const client = await connectTemporalClient(address, 'default');
  try {
    const results: Promise<unknown>[] = [];
    const cpu = cpuMeter();
    const started = Date.now();
    let firstAccept = Infinity;
    await pool(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      async (i) => {
        const profile = profiles.get(kindName(kindOf(i)))!;
        const startWorkflowOperation = new WithStartWorkflowOperation('baselineWorkflow', {
          workflowId: `baseline-${randomUUID()}`,
          taskQueue,
          args: [profile],
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        await client.workflow.executeUpdateWithStart(pokeUpdate, { startWorkflowOperation });
        firstAccept = Math.min(firstAccept, Date.now());
        const handle: WorkflowHandle = await startWorkflowOperation.workflowHandle();
        for (let u = 1; u < profile.updates; u++) await handle.executeUpdate(pokeUpdate);
        for (let s = 0; s < profile.signals; s++) await handle.signal(eventSignal);
        const result = handle.result();
        // Awaited below; a failed update above would otherwise leave it unhandled when the client closes ("Channel has been shut down").
        result.catch(() => undefined);
        results.push(result);
      },
    );
    const accepted = Date.now();
    await Promise.all(results);
    const completed = Date.now();
    const used = cpu();
    const completedPerSecond = count / ((completed - firstAccept) / 1000);
    const params = {
      workflows: count,
      concurrency,
      profiles: Object.fromEntries([...profiles].map(([kind, p]) => [kind, { ...p, activities: activityCount(p) }])),
      mix: 'as orders: half unpaid (2nd update = payment), a quarter split',
      profilesFrom: ordersRun ? 'histories of the orders run' : 'histories of a probe of 8 orders',
      timers: '10 ms each, one after another, beside the activities',
      activities: 'no-ops on the workflow task queue (orders spread theirs over partner/fulfillment queues)',
    };
    report.emit({ scenario: 'baseline', metric: 'started_per_second', value: count / ((accepted - started) / 1000), unit: 'workflows/s', params });
    report.emit({
      scenario: 'baseline',
      metric: 'completed_per_second',
      value: completedPerSecond,
      unit: 'workflows/s',
      params: { ...params, window: 'first update accepted → last result' },
    });
    report.emit({
      scenario: 'baseline',
      metric: 'process_cpu_seconds_per_workflow',
      value: used.hubProcess / count,
      unit: 's/workflow',
      params: { ...params, cpu: 'bench process (worker + client driver): process.cpuUsage() delta' },
    });
    if (used.children.temporal !== undefined) {
      report.emit({
        scenario: 'baseline',
        metric: 'temporal_cpu_seconds_per_workflow',
        value: used.children.temporal / count,
        unit: 's/workflow',
        params: { ...params, cpu: 'Temporal dev server process from /proc/<pid>/stat' },
      });
    }
    if (ordersRun) {
      report.emit({
        scenario: 'baseline',
        metric: 'orders_to_baseline_completed_ratio',
        value: ordersRun.completedPerSecond / completedPerSecond,
        unit: 'ratio',
        params: {
          orders: count,
          concurrency,
          ordersCompletedPerSecond: Math.round(ordersRun.completedPerSecond * 100) / 100,
          baselineCompletedPerSecond: Math.round(completedPerSecond * 100) / 100,
        },
      });
    }
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
  }
}

/** One order of each kind in the mix through a hub, for their histories. */
async function probeProfiles(): Promise<Map<string, BaselineProfile>> {
  const bench = await startBenchHub({ carrierDispatchDelayMs: 50, carrierDeliveryDelayMs: 50 });
  try {
    const skus = await mixSkus(bench, 8);
    const batch = await runOrderBatch(bench, skus, 8, 8, kindOf);
    const profiles = new Map<string, BaselineProfile>();
    for (const [kind, workflowId] of batch.samples) profiles.set(kind, await profileFromHistory(bench.hub.temporal, workflowId));
    return profiles;
  } finally {
    await bench.stop();
  }
}
