import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { temporalSqlTool } from './binaries';

const run = promisify(execFile);

export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function pgServerOf(databaseUrl: string): PgServer {
  const url = new URL(databaseUrl);
  return { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/**
 * Creates Temporal's two databases on `pg` and brings them to the server's schema the way the
 * compose `temporal-schema` one-shot does: `sql setup-schema -v 0.0` (versioning tables), then
 * `update-schema` with the schema embedded in the pinned tool, so no schema files are copied here.
 */
export async function createTemporalDatabases(pg: PgServer, names: { temporal: string; visibility: string }): Promise<void> {
  const admin = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: 'postgres' });
  await admin.connect();
  try {
    for (const db of [names.temporal, names.visibility]) await admin.query(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.end();
  }
  const common = ['--plugin', 'postgres12', '--endpoint', pg.host, '--port', String(pg.port), '--user', pg.user, '--password', pg.password];
  const sql = async (db: string, ...args: string[]) => {
    try {
      await run(temporalSqlTool, [...common, '--db', db, ...args]);
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`temporal sql tool on ${db} (${args.join(' ')}): ${e.stderr || e.stdout || e.message}`, { cause: err });
    }
  };
  await Promise.all([
    (async () => {
      await sql(names.temporal, 'setup-schema', '-v', '0.0');
      await sql(names.temporal, 'update-schema', '--schema-name', 'postgresql/v12/temporal');
    })(),
    (async () => {
      await sql(names.visibility, 'setup-schema', '-v', '0.0');
      await sql(names.visibility, 'update-schema', '--schema-name', 'postgresql/v12/visibility');
    })(),
  ]);
}

export async function dropTemporalDatabases(pg: PgServer, names: { temporal: string; visibility: string }): Promise<void> {
  const admin = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: 'postgres' });
  await admin.connect();
  try {
    for (const db of [names.temporal, names.visibility]) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
