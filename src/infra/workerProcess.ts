// `npm run worker` (src/workers/main.ts) as a child process of this one: the tests that kill a worker and the
// bench's split topology both run it so.
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from './paths';

/** The worker with this process's environment and `env` over it; its stdout ignored, its stderr this process's. */
export function spawnWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  // node itself, with tsx as a loader: the tsx wrapper would leave the real process alive on SIGKILL.
  return spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
