// The chaos runner's infrastructure: a restartable embedded PostgreSQL, a Temporal dev server (or a
// real Temporal cluster, test/support/cluster/), and the hub's API and worker processes as children
// that can be killed and started again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { prepareDatabase } from '../src/db/prepareDatabase';
import { createDb, type Db } from '../src/db/prisma';
import { writeWorkflowBundle } from '../src/infra/workflowBundle';
import { freePort } from '../src/infra/freePort';
import { projectRoot } from '../src/infra/paths';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/infra/embeddedPostgres';
import { temporalFromEnvOrDevServer } from '../src/infra/ephemeralStack';
import { connectTemporalClient, type TemporalTarget } from '../src/temporal/connection';
import { closeWhenIdle } from '../src/temporal/callTracker';
import { startTemporalCluster, type TemporalCluster } from '../test/support/cluster/temporalCluster';
import { startBalancer } from './balancer';
import { startSimulators, type FaultConfig, type RunningSimulators } from '../src/simulators';
import { randomApiKey } from '../src/api/auth/devKey';

export interface Infra {
  databaseUrl: string;
  /** How in-process clients reach Temporal: an address (dev server) or the cluster's TLS target. */
  temporal: TemporalTarget | string;
  /** The TEMPORAL_* settings the hub's processes get (replacing any inherited ones). */
  temporalEnv: Record<string, string>;
  /** Present when this run started a real Temporal cluster (`cluster: true`): it can be restarted. */
  cluster?: TemporalCluster;
  bundlePath: string;
  scratch: string;
  /** Present only when this process started PostgreSQL itself (db-restart needs it). */
  postgres?: RestartablePostgres;
  stop(): Promise<void>;
}

export interface RestartablePostgres {
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * DATABASE_URL / TEMPORAL_ADDRESS / ORDERHUB_TEST_WORKFLOW_BUNDLE are used when set (the jest
 * stack); otherwise PostgreSQL, Temporal and the workflow bundle are made here in a scratch folder.
 */
export async function startInfra(opts: { ownPostgres?: boolean; cluster?: boolean; log?: (msg: string) => void } = {}): Promise<Infra> {
  const stops: (() => Promise<void>)[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-chaos-'));
  fs.chmodSync(scratch, 0o755);
  let postgres: RestartablePostgres | undefined;
  const [databaseUrl, temporalAddress, bundlePath] = await Promise.all([
    (async () => {
      if (process.env.DATABASE_URL && !opts.ownPostgres) return process.env.DATABASE_URL;
      const pg = await startRestartablePostgres(path.join(scratch, 'pg'), await freePort());
      postgres = pg;
      stops.push(pg.stop);
      return pg.databaseUrl;
    })(),
    opts.cluster ? undefined : temporalFromEnvOrDevServer(stops),
    (async () => {
      if (process.env.ORDERHUB_TEST_WORKFLOW_BUNDLE) return process.env.ORDERHUB_TEST_WORKFLOW_BUNDLE;
      return writeWorkflowBundle(scratch);
    })(),
  ]);
  if (postgres || !process.env.DATABASE_URL) {
    await prepareDatabase(databaseUrl);
  }
  let cluster: TemporalCluster | undefined;
  if (opts.cluster) {
    try {
      // CHAOS_DYNAMIC_CONFIG: another dynamic config file than compose's, e.g. an empty one to watch the priority probe fail.
      cluster = await startTemporalCluster({ databaseUrl, scratch, dynamicConfig: process.env.CHAOS_DYNAMIC_CONFIG || undefined, log: opts.log });
    } catch (err) {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      throw err;
    }
    stops.push(cluster.stop);
  }
  return {
    databaseUrl,
    temporal: cluster ? cluster.target : temporalAddress!,
    temporalEnv: cluster ? cluster.env : { TEMPORAL_ADDRESS: temporalAddress! },
    cluster,
    bundlePath,
    scratch,
    postgres,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((err) => console.error('chaos: stopping failed', err));
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The embedded PostgreSQL kept persistent, so start() after stop() reuses the same data folder and port. */
async function startRestartablePostgres(dataDir: string, port: number): Promise<RestartablePostgres & { databaseUrl: string }> {
  const options = { dataDir, port, database: 'orderhub_chaos', persistent: true };
  let running: EmbeddedPostgresHandle | undefined = await startEmbeddedPostgres(options);
  const databaseUrl = running.databaseUrl;
  return {
    databaseUrl,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async start() {
      running = await startEmbeddedPostgres(options);
    },
  };
}

export interface HarnessOptions {
  faults?: FaultConfig;
  /** Partner retry policy every order starts with (API env). */
  partnerRetry?: { initial: string; max: string; budget: string };
  /** 0: carrier auto-advance off (the scenario sends carrier events itself). */
  carrierDispatchDelayMs?: number;
  carrierDeliveryDelayMs?: number;
  /** API processes behind a round-robin balancer (default 1) and worker processes (default 1). */
  apis?: number;
  workers?: number;
  /** Default: a fresh `chaos-<id>` queue. The cluster runs `orders`, the name compose's dynamic config is written for. */
  taskQueue?: string;
  /** More settings for every hub process; `{sim}` in a value is the simulators' URL. */
  env?: Record<string, string>;
}

export interface Harness {
  infra: Infra;
  taskQueue: string;
  /** The API (or, with several API processes, the balancer in front of them). */
  apiUrl: string;
  keys: { admin: string; carrier: string };
  /** The web store webhook's secret on this hub (random per scenario). */
  webhookSecret: string;
  sim: RunningSimulators;
  db: Db;
  temporal: Client;
  /** Every API and worker process the options ask for. */
  startAll(): Promise<void>;
  /** Worker process `index` (default 0). */
  startWorker(index?: number): Promise<void>;
  /** SIGKILL (default) or SIGTERM worker `index`; resolves once it is gone. */
  stopWorker(signal?: NodeJS.Signals, index?: number): Promise<void>;
  /** API process `index` (default 0); resolves once it answers /healthz. */
  startApi(index?: number): Promise<void>;
  stopApi(signal?: NodeJS.Signals, index?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Settings shared by every TEMPORAL_* connection source: dropped from the inherited environment so the hub gets only the infra's. */
const TEMPORAL_CONNECTION = /^TEMPORAL_(ADDRESS|NAMESPACE|API_KEY|TLS.*|GRPC_META_.*|CONFIG_FILE|PROFILE)$/;

/** One scenario's hub: its own task queue, in-process simulators, API and worker processes as children. */
export async function startHarness(infra: Infra, opts: HarnessOptions = {}): Promise<Harness> {
  const taskQueue = opts.taskQueue ?? `chaos-${randomUUID().slice(0, 8)}`;
  const apiPorts = await Promise.all(Array.from({ length: opts.apis ?? 1 }, () => freePort()));
  const balancer = apiPorts.length > 1 ? await startBalancer(apiPorts) : undefined;
  const apiUrl = `http://127.0.0.1:${balancer?.port ?? apiPorts[0]}`;
  const keys = { admin: randomApiKey('admin'), carrier: randomApiKey('carrier') };
  const webhookSecret = randomApiKey('webhook');
  const sim = await startSimulators({
    port: 0,
    hubUrl: apiUrl,
    hubApiKey: keys.carrier,
    carrierDispatchDelayMs: opts.carrierDispatchDelayMs ?? 300,
    carrierDeliveryDelayMs: opts.carrierDeliveryDelayMs ?? 300,
    faults: opts.faults,
  });
  const env = hubEnv(infra, opts, { taskQueue, simUrl: sim.url, keys, webhookSecret });
  const logFile = path.join(infra.scratch, `${taskQueue}-${randomUUID().slice(0, 4)}.log`);
  const spawnChild = (entry: string, extra: NodeJS.ProcessEnv = {}): ChildProcess => {
    // node with tsx as a loader (not the tsx wrapper), so a SIGKILL reaches the real process.
    const out = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: projectRoot, env: { ...env, ...extra }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    return child;
  };
  const db = createDb(infra.databaseUrl, 5);
  const temporal = await connectTemporalClient(infra.temporal, 'default');
  const workers: (ChildProcess | undefined)[] = [];
  const apis: (ChildProcess | undefined)[] = [];
  // A fault loop still running after a failed scenario must not start processes nobody stops.
  let stopped = false;

  const harness: Harness = {
    infra,
    taskQueue,
    apiUrl,
    keys,
    webhookSecret,
    sim,
    db,
    temporal,
    async startAll() {
      await Promise.all([...apiPorts.map((_, i) => harness.startApi(i)), ...Array.from({ length: opts.workers ?? 1 }, (_, i) => harness.startWorker(i))]);
    },
    async startWorker(index = 0) {
      if (stopped) return;
      workers[index] = spawnChild('src/workers/main.ts');
    },
    async stopWorker(signal = 'SIGKILL', index = 0) {
      await kill(workers[index], signal);
      workers[index] = undefined;
    },
    async startApi(index = 0) {
      if (stopped) return;
      const child = spawnChild('src/api/main.ts', { PORT: String(apiPorts[index]) });
      apis[index] = child;
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}; log: ${logFile}`);
        try {
          const res = await fetch(`http://127.0.0.1:${apiPorts[index]}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (res.status < 500) return;
        } catch {
          /* not listening yet */
        }
        if (Date.now() > deadline) throw new Error(`the API did not answer /healthz within 60 s; log: ${logFile}`);
        await sleep(200);
      }
    },
    async stopApi(signal = 'SIGKILL', index = 0) {
      await kill(apis[index], signal);
      apis[index] = undefined;
    },
    async stop() {
      stopped = true;
      await Promise.all([...workers, ...apis].map((child) => kill(child, 'SIGTERM', 15_000)));
      await balancer?.close();
      await sim.stop();
      // Once its calls have ended: a retry that fires after the close throws outside any caller.
      await closeWhenIdle(temporal.connection);
      await db.$disconnect();
    },
  };
  return harness;
}

function hubEnv(
  infra: Infra,
  opts: HarnessOptions,
  run: { taskQueue: string; simUrl: string; keys: { admin: string; carrier: string }; webhookSecret: string },
): NodeJS.ProcessEnv {
  const retry = opts.partnerRetry ?? { initial: '200ms', max: '2s', budget: '10m' };
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !TEMPORAL_CONNECTION.test(name) && name !== 'JEST_WORKER_ID'));
  return {
    ...inherited,
    ...infra.temporalEnv,
    DATABASE_URL: infra.databaseUrl,
    TEMPORAL_TASK_QUEUE: run.taskQueue,
    WORKFLOW_BUNDLE_PATH: infra.bundlePath,
    ERP_URL: `${run.simUrl}/erp`,
    CRM_URL: `${run.simUrl}/crm`,
    CARRIER_URL: `${run.simUrl}/carrier`,
    CHANNELS_URL: `${run.simUrl}/channels`,
    GATEWAY_URL: `${run.simUrl}/gateway`,
    API_KEYS: `${run.keys.admin}:admin:chaos-admin,${run.keys.carrier}:carrier:chaos-carrier`,
    CHANNEL_WEBHOOK_SECRETS: `webstore=${run.webhookSecret}`,
    PARTNER_RETRY_INITIAL_INTERVAL: retry.initial,
    PARTNER_RETRY_MAX_INTERVAL: retry.max,
    PARTNER_RETRY_BUDGET: retry.budget,
    PARTNER_TIMEOUT: '5s',
    INVENTORY_SYNC_DEBOUNCE: '500ms',
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_BURST: '1000000',
    // Several worker processes would fight over one /metrics port.
    METRICS: 'off',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'error',
    // `{sim}` in a value is the simulators' URL (a scenario points a connector at them).
    ...Object.fromEntries(Object.entries(opts.env ?? {}).map(([k, v]) => [k, v.replaceAll('{sim}', run.simUrl)])),
  };
}

function kill(child: ChildProcess | undefined, signal: NodeJS.Signals, escalateAfterMs?: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = escalateAfterMs ? setTimeout(() => child.kill('SIGKILL'), escalateAfterMs) : undefined;
    child.once('exit', () => {
      if (timer) clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
