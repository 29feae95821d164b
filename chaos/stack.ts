// The chaos runner's infrastructure: a restartable embedded PostgreSQL, a Temporal dev server,
// and the hub's API and worker as child processes that can be killed and started again.
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
import { connectTemporalClient } from '../src/temporal/connection';
import { closeWhenIdle } from '../src/temporal/callTracker';
import { startSimulators, type FaultConfig, type RunningSimulators } from '../src/simulators';
import { randomApiKey } from '../src/api/auth/devKey';

export interface Infra {
  databaseUrl: string;
  temporalAddress: string;
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
export async function startInfra(opts: { ownPostgres?: boolean } = {}): Promise<Infra> {
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
    temporalFromEnvOrDevServer(stops),
    (async () => {
      if (process.env.ORDERHUB_TEST_WORKFLOW_BUNDLE) return process.env.ORDERHUB_TEST_WORKFLOW_BUNDLE;
      return writeWorkflowBundle(scratch);
    })(),
  ]);
  if (postgres || !process.env.DATABASE_URL) {
    await prepareDatabase(databaseUrl);
  }
  return {
    databaseUrl,
    temporalAddress,
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
}

export interface Harness {
  infra: Infra;
  taskQueue: string;
  apiUrl: string;
  keys: { admin: string; carrier: string };
  /** The web store webhook's secret on this hub (random per scenario). */
  webhookSecret: string;
  sim: RunningSimulators;
  db: Db;
  temporal: Client;
  startWorker(): Promise<void>;
  /** SIGKILL (default) or SIGTERM the worker; resolves once it is gone. */
  stopWorker(signal?: NodeJS.Signals): Promise<void>;
  startApi(): Promise<void>;
  stopApi(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** One scenario's hub: its own task queue, in-process simulators, API and worker as child processes. */
export async function startHarness(infra: Infra, opts: HarnessOptions = {}): Promise<Harness> {
  const taskQueue = `chaos-${randomUUID().slice(0, 8)}`;
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
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
  const retry = opts.partnerRetry ?? { initial: '200ms', max: '2s', budget: '10m' };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    TEMPORAL_ADDRESS: infra.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: infra.bundlePath,
    PORT: String(apiPort),
    ERP_URL: `${sim.url}/erp`,
    CRM_URL: `${sim.url}/crm`,
    CARRIER_URL: `${sim.url}/carrier`,
    CHANNELS_URL: `${sim.url}/channels`,
    GATEWAY_URL: `${sim.url}/gateway`,
    API_KEYS: `${keys.admin}:admin:chaos-admin,${keys.carrier}:carrier:chaos-carrier`,
    CHANNEL_WEBHOOK_SECRETS: `webstore=${webhookSecret}`,
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
  };
  delete env.JEST_WORKER_ID;
  const logFile = path.join(infra.scratch, `${taskQueue}.log`);
  const spawnChild = (entry: string): ChildProcess => {
    // node with tsx as a loader (not the tsx wrapper), so a SIGKILL reaches the real process.
    const out = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: projectRoot, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    return child;
  };
  const db = createDb(infra.databaseUrl, 5);
  const temporal = await connectTemporalClient(infra.temporalAddress, 'default');
  let worker: ChildProcess | undefined;
  let api: ChildProcess | undefined;
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
    async startWorker() {
      if (stopped) return;
      worker = spawnChild('src/workers/main.ts');
    },
    async stopWorker(signal = 'SIGKILL') {
      await kill(worker, signal);
      worker = undefined;
    },
    async startApi() {
      if (stopped) return;
      api = spawnChild('src/api/main.ts');
      const child = api;
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}; log: ${logFile}`);
        try {
          const res = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (res.status < 500) return;
        } catch {
          /* not listening yet */
        }
        if (Date.now() > deadline) throw new Error(`the API did not answer /healthz within 60 s; log: ${logFile}`);
        await sleep(200);
      }
    },
    async stopApi(signal = 'SIGKILL') {
      await kill(api, signal);
      api = undefined;
    },
    async stop() {
      stopped = true;
      await Promise.all([kill(worker, 'SIGTERM', 15_000), kill(api, 'SIGTERM', 15_000)]);
      await sim.stop();
      // Once its calls have ended: a retry that fires after the close throws outside any caller.
      await closeWhenIdle(temporal.connection);
      await db.$disconnect();
    },
  };
  return harness;
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
