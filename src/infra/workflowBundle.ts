import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../workers/createOrderWorker';
import { projectRoot } from './paths';

/** The order workflows bundled into `dir`/workflow-bundle.js; returns the file's path. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  const file = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(file, code);
  return file;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };

/**
 * The order workflows' bundle for this source tree, kept in `dir` under a hash of the sources and
 * the lock file: a restart with unchanged code loads it instead of bundling again (seconds of CPU
 * and a webpack's worth of memory at every start; bench/README.md has the figures).
 */
export async function cachedWorkflowBundle(dir: string): Promise<{ path: string; reused: boolean }> {
  const file = path.join(dir, `workflow-bundle-${sourceHash()}.js`);
  if (fs.existsSync(file)) return { path: file, reused: true };
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir).filter((f) => /^workflow-bundle-[0-9a-f]+\.js$/.test(f))) fs.rmSync(path.join(dir, old), { force: true });
  const written = await writeWorkflowBundle(dir);
  fs.renameSync(written, file);
  return { path: file, reused: false };
}

/** Every TypeScript source under src/ (what the workflows may import) and the dependency versions. */
function sourceHash(): string {
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') walk(full);
      } else if (entry.name.endsWith('.ts')) {
        hash.update(path.relative(projectRoot, full)).update(fs.readFileSync(full));
      }
    }
  };
  walk(path.join(projectRoot, 'src'));
  const lock = path.join(projectRoot, 'package-lock.json');
  if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
  return hash.digest('hex').slice(0, 16);
}
