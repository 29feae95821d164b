// A PostgreSQL restart under load must not leave the hub's connection pool stuck: transactions cut
// off mid-way used to keep their pooled connections for ever (src/db/releaseBrokenClients.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/db/prisma';
import { freePort } from '../../src/infra/freePort';
import { eventually } from '../support/fixtures';
import { startPostgresProcess, type PostgresProcess } from '../support/postgresProcess';

let scratch: string;
let postgres: PostgresProcess | undefined;
let db: Db | undefined;

afterAll(async () => {
  await db?.$disconnect().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('transactions run again once PostgreSQL is back after a restart mid-transaction', async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-pool-recovery-'));
  fs.chmodSync(scratch, 0o755);
  const start = async () => startPostgresProcess(path.join(scratch, 'pg'), port, 'pool_recovery');
  const port = await freePort();
  postgres = await start();
  const poolSize = 4;
  db = createDb(postgres.databaseUrl, poolSize);
  const client = db;
  let committed = 0;
  let failed = 0;
  let running = true;
  // Three times as many workers as connections, each in a transaction most of the time.
  const workers = Array.from({ length: poolSize * 3 }, async () => {
    while (running) {
      try {
        await client.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT pg_sleep(0.02)::text AS slept`;
          await tx.$queryRaw`SELECT 1 AS one`;
        });
        committed += 1;
      } catch {
        failed += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  await eventually(async () => expect(committed).toBeGreaterThan(20), 20_000);

  await postgres.stop();
  postgres = undefined;
  postgres = await start();
  const atRestart = committed;

  await eventually(async () => expect(committed).toBeGreaterThan(atRestart + 20), 30_000);
  expect(failed).toBeGreaterThan(0); // the restart did cut transactions off
  running = false;
  await Promise.all(workers);
  await expect(client.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
});
