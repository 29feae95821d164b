import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../workers/createOrderWorker';
import { projectRoot } from './paths';
import { tracedBundlePath, WORKFLOW_TRACING_MODULE } from './workflowTracing';

/**
 * The order workflows bundled into `dir`/workflow-bundle.js, or with `tracing` (Temporal's
 * OpenTelemetry workflow interceptors included) into workflow-bundle-traced.js; returns the path.
 * Two bundles, two build ids: turning tracing on or off is a worker deployment like a code change
 * (docs/deployment.md#tracing), though replay-safe both ways (test/replay checks the traced one).
 */
export async function writeWorkflowBundle(dir: string, opts: { tracing?: boolean } = {}): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger, ...(opts.tracing && { workflowInterceptorModules: [WORKFLOW_TRACING_MODULE] }) });
  const file = path.join(dir, opts.tracing ? 'workflow-bundle-traced.js' : 'workflow-bundle.js');
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
export async function cachedWorkflowBundle(dir: string, opts: { tracing?: boolean } = {}): Promise<{ path: string; reused: boolean }> {
  const kind = opts.tracing ? 'workflow-bundle-traced' : 'workflow-bundle';
  const file = path.join(dir, `${kind}-${sourceHash()}.js`);
  if (fs.existsSync(file)) return { path: file, reused: true };
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir).filter((f) => new RegExp(`^${kind}-[0-9a-f]+\\.js$`).test(f))) fs.rmSync(path.join(dir, old), { force: true });
  const written = await writeWorkflowBundle(dir, opts);
  fs.renameSync(written, file);
  return { path: file, reused: false };
}

/**
 * The bundle a worker process loads: WORKFLOW_BUNDLE_PATH (the image's, built by `npm run bundle`),
 * or its traced twin when tracing is on; without it, the cached bundle of this source tree in `dir`.
 */
export async function configuredWorkflowBundle(dir: string, tracing: boolean): Promise<{ path: string; reused: boolean }> {
  const prebuilt = process.env.WORKFLOW_BUNDLE_PATH;
  if (prebuilt) return { path: tracing ? tracedBundlePath(prebuilt) : prebuilt, reused: true };
  return cachedWorkflowBundle(dir, { tracing });
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
