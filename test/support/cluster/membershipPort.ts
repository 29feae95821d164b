import net from 'node:net';

/**
 * A free port below 32768. Temporal stores each service's membership port in a PostgreSQL
 * `smallint` (cluster_membership.rpc_port), and the kernel's ephemeral ports (what port 0 gives)
 * start at 32768: such a port makes the server die at start with "out of range for type smallint".
 */
export async function freeMembershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000 after 50 tries');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
