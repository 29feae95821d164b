import net from 'node:net';

export interface Balancer {
  port: number;
  close(): Promise<void>;
}

/**
 * A round-robin TCP load balancer on loopback in front of several API processes, as a deployment
 * puts one in front of its replicas. A backend that refuses the connection (its process is dead or
 * restarting) is skipped for the next one; when none accepts, the client's connection is closed
 * and the client retries, as it would behind a real balancer.
 */
export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause();
    client.on('error', () => undefined);
    const tryBackend = (attempt: number) => {
      if (attempt >= backendPorts.length) {
        client.destroy();
        return;
      }
      const port = backendPorts[next++ % backendPorts.length];
      const upstream = net.connect(port, '127.0.0.1');
      let connected = false;
      upstream.on('error', () => (connected ? client.destroy() : tryBackend(attempt + 1)));
      upstream.once('connect', () => {
        connected = true;
        sockets.add(upstream);
        upstream.once('close', () => sockets.delete(upstream));
        client.on('error', () => upstream.destroy());
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
