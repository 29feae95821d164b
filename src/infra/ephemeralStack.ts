import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDatabase } from '../db/prepareDatabase';
import { startEmbeddedPostgres } from './embeddedPostgres';
import { freePort } from './freePort';
import { startTemporalDevServer } from './temporalDevServer';
import { writeWorkflowBundle } from './workflowBundle';

/** Environment variables through which test files find the shared stack. */
export const STACK_ENV = {
  databaseUrl: 'DATABASE_URL',
  temporalAddress: 'TEMPORAL_ADDRESS',
  workflowBundle: 'ORDERHUB_TEST_WORKFLOW_BUNDLE',
} as const;

/**
 * One real PostgreSQL and one real Temporal dev server for the whole test run, on free ports
 * and in throw-away folders. DATABASE_URL / TEMPORAL_ADDRESS, when set, are used instead.
 */
export async function startEphemeralStack(): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-test-'));
  fs.chmodSync(scratch, 0o755);

  const [databaseUrl, temporalAddress, bundlePath] = await Promise.all([
    (async () => {
      if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
      const pg = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: await freePort(), database: 'orderhub_test', persistent: false });
      stops.push(pg.stop);
      return pg.databaseUrl;
    })(),
    temporalFromEnvOrDevServer(stops),
    // Bundle once for every test file, instead of once per worker.
    writeWorkflowBundle(scratch),
  ]);
  await prepareDatabase(databaseUrl);

  process.env[STACK_ENV.databaseUrl] = databaseUrl;
  process.env[STACK_ENV.temporalAddress] = temporalAddress;
  process.env[STACK_ENV.workflowBundle] = bundlePath;
  return async () => {
    for (const stop of stops.reverse()) await stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
}

/** TEMPORAL_ADDRESS when set; otherwise a headless dev server on a free port, its stop added to `stops`. */
export async function temporalFromEnvOrDevServer(stops: (() => Promise<void>)[]): Promise<string> {
  if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
  const temporal = await startTemporalDevServer({ port: await freePort(), headless: true });
  stops.push(temporal.stop);
  return temporal.address;
}
