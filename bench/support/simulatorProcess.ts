import { createInterface } from 'node:readline';
import { childHandle, spawnTsEntry } from '../../src/infra/workerProcess';
import { freePort } from '../../src/infra/freePort';

/**
 * `npm run simulators` as a child process: the simulated partners keep every shipment, invoice
 * and call they were sent in memory (as a partner's own database would), so a soak that measures
 * the hub's memory runs them apart. Answers once they listen.
 */
export async function startSimulatorProcess(opts: { hubUrl: string; hubApiKey: string; carrierDispatchDelayMs: number; carrierDeliveryDelayMs: number }) {
  const port = await freePort();
  const child = spawnTsEntry(
    'src/simulators/main.ts',
    {
      SIMULATORS_PORT: String(port),
      SIM_HUB_URL: opts.hubUrl,
      SIM_HUB_API_KEY: opts.hubApiKey,
      SIM_CARRIER_DISPATCH_DELAY_MS: String(opts.carrierDispatchDelayMs),
      SIM_CARRIER_DELIVERY_DELAY_MS: String(opts.carrierDeliveryDelayMs),
    },
    'pipe',
  );
  const handle = childHandle(child);
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const listening = /simulators listening on (\S+)/.exec(line);
      if (listening) resolve(listening[1]);
    });
    void handle.exited.then(() => reject(new Error('the simulator process exited before it listened')));
  });
  return { url, pid: handle.pid, stop: handle.stop };
}
