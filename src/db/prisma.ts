import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { rememberPool } from './directSql';
import { releaseBrokenClients } from './releaseBrokenClients';

export type Db = PrismaClient;

/** Long enough for a busy pool, short enough that a caller never waits for a connection for ever. */
const CONNECTION_TIMEOUT_MS = 10_000;

/** Prisma on the pg driver adapter: no native query engine, which cannot be downloaded here. */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  releaseBrokenClients(pool);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  rememberPool(db, pool);
  return db;
}
