// The hub on a real Temporal cluster (issue 16): the Go-built server on PostgreSQL persistence and
// SQL visibility, mTLS on its frontend, compose's dynamic config; two API and two worker processes
// that get nothing but TEMPORAL_* settings to reach it. The 30-order version of `npm run chaos cluster`.
import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { runScenario } from '../../chaos/scenario';
import { cluster } from '../../chaos/scenarios/cluster';
import { startInfra, type Infra } from '../../chaos/stack';
import { projectRoot } from '../../src/infra/paths';
import { clusterSkipReason } from '../support/cluster/binaries';

const skipReason = clusterSkipReason();
if (skipReason) console.warn(skipReason);
const describeCluster = skipReason ? describe.skip : describe;

describeCluster('a real Temporal cluster (Go-built server, PostgreSQL, mTLS)', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra({ cluster: true });
  }, 180_000);
  afterAll(() => infra?.stop());

  test('its frontend takes only mTLS: plaintext and a TLS client without a certificate are refused', async () => {
    const { TEMPORAL_ADDRESS: address } = infra.cluster!.env;
    const plain = Connection.connect({ address, connectTimeout: 3000 }).then((c) => c.workflowService.getSystemInfo({}));
    await expect(plain).rejects.toThrow();
    const noClientCert = infra.cluster!.target.tls as { serverRootCACertificate?: Buffer; serverNameOverride?: string };
    const oneWay = Connection.connect({
      address,
      connectTimeout: 3000,
      tls: { serverRootCACertificate: noClientCert.serverRootCACertificate, serverNameOverride: noClientCert.serverNameOverride },
    }).then((c) => c.workflowService.getSystemInfo({}));
    await expect(oneWay).rejects.toThrow();
  });

  test.each(['src/api/main.ts', 'src/workers/main.ts'])(
    '%s with a wrong CA stops at start, naming the setting, instead of hanging',
    async (entry) => {
      const started = Date.now();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...infra.cluster!.env,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: infra.cluster!.pki.otherCaCert,
        DATABASE_URL: infra.databaseUrl,
        PORT: '0',
        LOG_LEVEL: 'error',
      };
      delete env.JEST_WORKER_ID;
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += String(d)));
        child.stderr.on('data', (d) => (output += String(d)));
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve({ code: exitCode, output });
        });
      });
      expect(code).not.toBe(0);
      expect(code).not.toBeNull(); // exited by itself, not killed after 30 s
      expect(output).toMatch(/cannot connect to Temporal at 127\.0\.0\.1:\d+, mTLS/);
      expect(output).toMatch(/TEMPORAL_TLS_SERVER_CA_CERT_PATH/);
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    40_000,
  );

  test('30 orders through a worker SIGKILL, an API SIGKILL and a Temporal server restart: all delivered, every invariant holds, urgent labels first', async () => {
    const result = await runScenario('cluster', cluster, infra, { orders: 30, env: {} });
    expect(result.failures).toEqual([]);
    expect(result.figures).toMatchObject({
      orders: 30,
      completed: 30,
      workerKills: 1,
      apiKills: 1,
      temporalRestarts: 1,
      workflowsFailed: 0,
      workflowsStillRunning: 0,
    });
    // The probe had a backlog to jump (its failures above say when urgent labels did not jump it).
    expect(result.figures.priorityStandardWaiting1).toBeGreaterThanOrEqual(2);
    expect(result.figures.priorityStandardServedFirst1).toBeLessThanOrEqual(1);
  }, 300_000);
});
