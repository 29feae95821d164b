// A real Temporal cluster for the tests and `npm run chaos cluster`: the Go-built server
// (.tools/bin/server) on PostgreSQL persistence and SQL visibility in databases of its own, mTLS on
// its frontend with certificates made for the run, compose's dynamic config, and the namespace and
// search attributes registered by the hub's own one-shot (npm run temporal:setup).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig, temporalTarget } from '../../../src/config';
import { freePort } from '../../../src/infra/freePort';
import { stopChild } from '../../../src/infra/temporalDevServer';
import { projectRoot } from '../../../src/infra/paths';
import { clientConnectionOptions, type TemporalTarget } from '../../../src/temporal/connection';
import { makeTestPki, type TestPki } from '../testCertificates';
import { assertClusterBinaries, temporalServerBinary } from './binaries';
import { createTemporalDatabases, dropTemporalDatabases, pgServerOf } from './schema';
import { freeMembershipPort } from './membershipPort';
import { composeDynamicConfig, validateDynamicConfig, writeServerConfig } from './serverConfig';

export interface TemporalCluster {
  /** The only settings a hub process gets to reach the cluster (TEMPORAL_ADDRESS, TEMPORAL_TLS_*). */
  env: Record<string, string>;
  /** The same settings through the hub's config loader, for in-process clients. */
  target: TemporalTarget;
  pki: TestPki;
  logFile: string;
  /** Stops the server (SIGTERM, SIGKILL after 10 s) and starts it again on the same databases and ports; resolves once it serves again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const SERVER_NAME = 'temporal.orderhub.test';
const SERVING_WITHIN_MS = 120_000;

/** `dynamicConfig`: another dynamic config file than compose's (to show what the priority probe sees without it). */
export async function startTemporalCluster(opts: { databaseUrl: string; scratch: string; dynamicConfig?: string; log?: (msg: string) => void }): Promise<TemporalCluster> {
  assertClusterBinaries();
  const log = opts.log ?? (() => undefined);
  const root = fs.mkdtempSync(path.join(opts.scratch, 'temporal-cluster-'));
  const pg = pgServerOf(opts.databaseUrl);
  // Databases of its own on the shared PostgreSQL, unique per cluster so test files never meet.
  const suffix = randomUUID().slice(0, 8);
  const databases = { temporal: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` };
  const pki = makeTestPki(SERVER_NAME, { serverCertAlsoClient: true });
  const t0 = Date.now();
  await createTemporalDatabases(pg, databases);
  log(`Temporal schema ready in ${databases.temporal} / ${databases.visibility} (${Date.now() - t0} ms)`);

  const dynamicConfig = opts.dynamicConfig ?? composeDynamicConfig;
  validateDynamicConfig(dynamicConfig);
  const [frontend, frontendHttp, matching, history, worker] = await Promise.all(Array.from({ length: 5 }, () => freePort()));
  const [frontendMembership, matchingMembership, historyMembership, workerMembership] = await Promise.all(Array.from({ length: 4 }, () => freeMembershipPort()));
  writeServerConfig(path.join(root, 'config'), {
    TEMPORAL_DB: databases.temporal,
    VISIBILITY_DB: databases.visibility,
    PG_ADDRESS: `${pg.host}:${pg.port}`,
    PG_USER: pg.user,
    PG_PASSWORD: pg.password,
    SERVER_CERT: pki.serverCert,
    SERVER_KEY: pki.serverKey,
    CA_CERT: pki.caCert,
    CLIENT_CERT: pki.clientCert,
    CLIENT_KEY: pki.clientKey,
    SERVER_NAME,
    FRONTEND_PORT: frontend,
    FRONTEND_HTTP_PORT: frontendHttp,
    FRONTEND_MEMBERSHIP_PORT: frontendMembership,
    MATCHING_PORT: matching,
    MATCHING_MEMBERSHIP_PORT: matchingMembership,
    HISTORY_PORT: history,
    HISTORY_MEMBERSHIP_PORT: historyMembership,
    WORKER_PORT: worker,
    WORKER_MEMBERSHIP_PORT: workerMembership,
    DYNAMIC_CONFIG: dynamicConfig,
  });

  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: `127.0.0.1:${frontend}`,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
  };
  const target = temporalTarget(loadConfig(env).temporal);
  const logFile = path.join(root, 'server.log');
  let server: ChildProcess | undefined;

  const start = async () => {
    const out = fs.openSync(logFile, 'a');
    server = spawn(temporalServerBinary, ['--root', root, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    await waitUntilServing(target, server, logFile);
  };
  const stopServer = () => (server ? stopChild(server) : Promise.resolve());

  try {
    await start();
    log(`Temporal server serving at ${env.TEMPORAL_ADDRESS} (mTLS) after ${Date.now() - t0} ms`);
    // The compose `temporal-setup` one-shot, given nothing but the TEMPORAL_* settings.
    await runOneShot(['--import', 'tsx', 'src/temporal/setupNamespace.ts'], env, root);
    log('namespace and search attributes registered');
  } catch (err) {
    await stopServer();
    throw err;
  }

  return {
    env,
    target,
    pki,
    logFile,
    async restart() {
      await stopServer();
      await start();
    },
    async stop() {
      await stopServer();
      await dropTemporalDatabases(pg, databases).catch((err) => log(`dropping Temporal's databases failed: ${String(err)}`));
      fs.rmSync(pki.dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(target: TemporalTarget, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + SERVING_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the Temporal server exited during start-up (${child.exitCode ?? child.signalCode}); log: ${logFile}`);
    try {
      const connection = await Connection.connect({ ...clientConnectionOptions(target), connectTimeout: 2000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`the Temporal server did not serve within ${SERVING_WITHIN_MS} ms; log: ${logFile}`);
}

/** A node child with the given settings only (plus PATH/HOME to run at all); rejects with its output when it fails. */
function runOneShot(args: string[], env: Record<string, string>, logDir: string): Promise<void> {
  const logFile = path.join(logDir, 'temporal-setup.log');
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`))));
  });
}
