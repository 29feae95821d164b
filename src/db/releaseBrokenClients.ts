import type { Pool, PoolClient } from 'pg';

const guarded = Symbol('orderhub.releaseGuard');

/**
 * When PostgreSQL drops a connection in the middle of a transaction (a restart, a failover), the
 * Prisma pg adapter fails the transaction but never hands its client back to the pool: after
 * `max` such failures every query waits for a connection for ever (reproduced with a PostgreSQL
 * restart under load, see chaos db-restart). Here a checked-out client that errors is released
 * with its error, so the pool drops it and connects afresh; the adapter's own later release of
 * that client is then ignored instead of throwing.
 */
export function releaseBrokenClients(pool: Pool): void {
  pool.on('connect', (client: PoolClient & { [guarded]?: boolean }) => {
    client.on('error', (err) => {
      if (client[guarded]) client.release(err);
    });
  });
  pool.on('acquire', (client: PoolClient & { [guarded]?: boolean }) => {
    // The pool sets client.release right after this event; wrap it once it is there.
    queueMicrotask(() => {
      const release = client.release.bind(client);
      let released = false;
      client[guarded] = true;
      client.release = (err?: Error | boolean) => {
        if (released) return;
        released = true;
        client[guarded] = false;
        release(err);
      };
    });
  });
}
