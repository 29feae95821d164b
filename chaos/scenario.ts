// The frame every chaos scenario runs in: a fresh hub (own task queue), a fresh SKU, the orders,
// the fault, then the invariants.
import { randomUUID } from 'node:crypto';
import { checkInvariants, type InvariantInput } from './invariants';
import { createSku, newClientStats, waitForFinalStates, type ClientStats, type PlacedOrder } from './driver';
import type { PlannedReturn } from './returns';
import { startHarness, type Harness, type HarnessOptions, type Infra } from './stack';
import { recordHistoriesDir, saveHistory } from '../test/histories/saveHistory';

export interface ScenarioOptions {
  orders: number;
  /** Extra knobs from the environment (CHAOS_*), already parsed by the scenario itself. */
  env: NodeJS.ProcessEnv;
  /** Called with the invariants' input after they were checked, before the hub stops (tests probe the checks with it). */
  afterCheck?: (input: InvariantInput) => Promise<void>;
}

export interface ScenarioResult {
  scenario: string;
  ok: boolean;
  failures: string[];
  figures: Record<string, number>;
}

export interface ScenarioBody {
  harness?: HarnessOptions;
  /** Places the orders while injecting the fault; returns them with their expected final state. */
  drive(
    h: Harness,
    ctx: { sku: string; runId: string; stats: ClientStats; figures: Record<string, number>; log: (msg: string) => void; fail: (reason: string) => void },
  ): Promise<PlacedOrder[]>;
  /** Time the run may take to settle after driving. */
  settleTimeoutMs?: number;
  /** Runs after settling, before the invariants (e.g. stop a duplicating carrier). */
  afterSettle?(): Promise<void>;
  /** The returns the scenario drove (duplicate-events), judged with the orders (chaos/returnInvariants.ts). */
  returns?(): PlannedReturn[];
}

export type Scenario = (opts: ScenarioOptions) => ScenarioBody;

export async function runScenario(name: string, scenario: Scenario, infra: Infra, opts: ScenarioOptions, log: (msg: string) => void = () => undefined): Promise<ScenarioResult> {
  const started = Date.now();
  const body = scenario(opts);
  const h = await startHarness(infra, body.harness);
  const figures: Record<string, number> = {};
  const stats = newClientStats();
  const failures: string[] = [];
  const perLocation = opts.orders * 2;
  try {
    const sku = await createSku(h.db, perLocation);
    await h.startAll();
    await waitForPoller(h);
    figures.startupMs = Date.now() - started;
    const driveStarted = Date.now();
    const orders = await body.drive(h, { sku, runId: `chaos-${name}-${randomUUID().slice(0, 8)}`, stats, figures, log, fail: (reason) => failures.push(reason) });
    figures.driveMs = Date.now() - driveStarted;
    const { open, waitedMs } = await waitForFinalStates(h.db, orders, body.settleTimeoutMs ?? 240_000);
    figures.settleMs = waitedMs;
    if (open > 0) log(`${open} orders still open after ${waitedMs} ms`);
    await body.afterSettle?.();
    // No fixed pause for late writes: the checks wait until Temporal lists every order workflow closed.
    const input: InvariantInput = {
      db: h.db,
      temporal: h.temporal,
      taskQueue: h.taskQueue,
      journal: h.sim.state.journal,
      orders,
      skus: [{ sku, perLocation }],
      channel: 'webstore',
      expectedOrders: opts.orders,
      returns: body.returns?.(),
    };
    const report = await checkInvariants(input);
    failures.push(...report.failures);
    Object.assign(figures, report.figures);
    await opts.afterCheck?.(input);
    const dir = recordHistoriesDir(opts.env);
    if (dir) figures.historiesRecorded = await recordSamples(h, name, orders, dir);
  } catch (err) {
    failures.push(`scenario error: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await h.stop().catch((err) => failures.push(`stopping: ${String(err)}`));
  }
  if (stats.conflictingAnswers > 0) failures.push(`${stats.conflictingAnswers} externalIds answered with two different orderIds`);
  figures.clientRequests = stats.requests;
  figures.clientRetries = stats.retries;
  figures.clientNetworkErrors = stats.networkErrors;
  figures.clientServerErrors = stats.serverErrors;
  figures.idempotentReplays = stats.idempotentReplays;
  figures.hubDuplicatesAbsorbed = stats.duplicatesAbsorbed;
  figures.idempotencyKeyFallbacks = stats.keyFallbacks;
  if (stats.deliveredBeforeDispatched > 0) figures.deliveredBeforeDispatched = stats.deliveredBeforeDispatched;
  figures.durationMs = Date.now() - started;
  return { scenario: name, ok: failures.length === 0, failures, figures };
}

/** The first, middle and last order of the run, for the replay tests (test/replay). */
async function recordSamples(h: Harness, name: string, orders: PlacedOrder[], dir: string): Promise<number> {
  const picks = [...new Set([0, Math.floor(orders.length / 2), orders.length - 1])].filter((i) => orders[i]);
  let saved = 0;
  for (const [n, i] of picks.entries()) {
    const order = await h.db.order.findUnique({ where: { id: orders[i].orderId }, select: { workflowId: true, status: true } });
    if (order && (await saveHistory(h.temporal, order.workflowId, `chaos-${name}-${n + 1}-${order.status}`, dir))) saved += 1;
  }
  return saved;
}

export const envNumber = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const v = env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0, got "${v}"`);
  return n;
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Until the fresh worker process polls the scenario's task queue, so faults hit real traffic. */
async function waitForPoller(h: Harness): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const answer = await h.temporal.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: h.taskQueue }, taskQueueType: 1 });
    if ((answer.pollers ?? []).length > 0) return;
    if (Date.now() > deadline) throw new Error('the worker did not poll its task queue within 90 s');
    await sleep(250);
  }
}
