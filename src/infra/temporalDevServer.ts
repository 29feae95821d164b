import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from './paths';
import { searchAttributeCliArgs } from '../workflows/searchAttributes';

export interface TemporalDevServerOptions {
  port: number;
  uiPort?: number;
  /** SQLite file; omitted keeps everything in memory (tests). */
  dbFile?: string;
  headless?: boolean;
  log?: (line: string) => void;
}

export interface TemporalDevServerHandle {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Runs the Temporal CLI's single-process dev server, with orderhub's search attributes. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServerHandle> {
  const cli = process.env.TEMPORAL_CLI_PATH || temporalCliPath;
  if (!fs.existsSync(cli)) throw new Error(`Temporal CLI not found at ${cli}; run "node scripts/setup.mjs"`);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--log-level',
    'warn',
    // SQLite is the dev server's bottleneck; WAL without fsync on every commit is the usual cure.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=off',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableExecuteMultiOperation=true',
    '--dynamic-config-value',
    'frontend.workerVersioningWorkflowAPIs=true',
    // Task queue priority is kept within a partition; with one partition per queue the whole
    // backlog is served in priority order (VIP and next-day labels first).
    '--dynamic-config-value',
    'matching.numTaskqueueReadPartitions=1',
    '--dynamic-config-value',
    'matching.numTaskqueueWritePartitions=1',
    // Fairness among the sales channels within one priority class (src/domain/priority.ts), as deploy/temporal/dynamicconfig.yaml turns it on.
    '--dynamic-config-value',
    'matching.enableFairness=true',
    ...searchAttributeCliArgs(),
  ];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  if (opts.headless || opts.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = opts.log ?? (() => undefined);
  child.stdout?.on('data', (d) => log(String(d).trimEnd()));
  child.stderr?.on('data', (d) => log(String(d).trimEnd()));
  const address = `127.0.0.1:${opts.port}`;
  await waitUntilServing(address, child);
  return {
    address,
    uiUrl: opts.headless || opts.uiPort === undefined ? undefined : `http://localhost:${opts.uiPort}`,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error('Temporal dev server exited during start-up');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal dev server did not answer at ${address} within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
