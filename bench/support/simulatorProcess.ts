import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../src/infra/paths';
import { freePort } from '../../src/infra/freePort';

/**
 * `npm run simulators` as a child process: the simulated partners keep every shipment, invoice
 * and call they were sent in memory (as a partner's own database would), so a soak that measures
 * the hub's memory runs them apart. Answers once they listen.
 */
export async function startSimulatorProcess(opts: { hubUrl: string; hubApiKey: string; carrierDispatchDelayMs: number; carrierDeliveryDelayMs: number }) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulators/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      SIMULATORS_PORT: String(port),
      SIM_HUB_URL: opts.hubUrl,
      SIM_HUB_API_KEY: opts.hubApiKey,
      SIM_CARRIER_DISPATCH_DELAY_MS: String(opts.carrierDispatchDelayMs),
      SIM_CARRIER_DELIVERY_DELAY_MS: String(opts.carrierDeliveryDelayMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const listening = /simulators listening on (\S+)/.exec(line);
      if (listening) resolve(listening[1]);
    });
    void exited.then(() => reject(new Error('the simulator process exited before it listened')));
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
