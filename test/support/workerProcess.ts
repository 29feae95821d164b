// An order worker as its own process (src/workers/main.ts), so a test can really kill it with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../src/infra/paths';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { requireEnv } from './testHub';

/** A worker on `taskQueue` whose partners are the simulators at `simUrl`. */
export function startWorkerProcess(taskQueue: string, simUrl: string): ChildProcess {
  // node itself, with tsx as a loader: the tsx wrapper would leave the real process alive on SIGKILL.
  return spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: requireEnv(STACK_ENV.workflowBundle),
      ERP_URL: `${simUrl}/erp`,
      CRM_URL: `${simUrl}/crm`,
      CARRIER_URL: `${simUrl}/carrier`,
      CHANNELS_URL: `${simUrl}/channels`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Resolves once the process is gone (at once if it already is). */
export function killProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
