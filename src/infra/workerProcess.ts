// `npm run worker` (src/workers/main.ts) as a child process of this one: the tests that kill a worker and the
// bench's split topology both run it so; the bench's soak runs `npm run simulators` the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from './paths';

/** A TypeScript entry of this project with this process's environment and `env` over it; its stderr this process's. */
export function spawnTsEntry(entry: string, env: NodeJS.ProcessEnv, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  // node itself, with tsx as a loader: the tsx wrapper would leave the real process alive on SIGKILL.
  return spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
}

/** The worker; its stdout ignored. */
export function spawnWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawnTsEntry('src/workers/main.ts', env);
}

/** A child's pid, and its stop: SIGTERM unless it has already ended, then wait for its exit. */
export function childHandle(child: ChildProcess): { pid: number | undefined; exited: Promise<void>; stop(): Promise<void> } {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
