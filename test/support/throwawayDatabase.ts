import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { prepareDatabase } from '../../src/db/prepareDatabase';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new database on the test stack's PostgreSQL server, migrated and seeded like a fresh
 * install, for a test whose requests change what every other test file relies on (the active
 * rule set, stock). Needs CREATEDB on the server (the embedded one runs as its superuser).
 */
export async function createThrowawayDatabase(serverUrl: string, prefix = 'orderhub_tmp'): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  await prepareDatabase(url.toString());
  return {
    url: url.toString(),
    // FORCE: connections the hub left behind must not keep it alive.
    drop: () => withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, use: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
