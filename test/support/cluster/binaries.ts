import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toolsDir } from '../../../src/infra/paths';

/** Built from go.temporal.io/server by scripts/setup.mjs (pinned there), only where Go is installed. */
export const temporalServerBinary = path.join(toolsDir, 'bin', 'server');
export const temporalSqlTool = path.join(toolsDir, 'bin', 'sql');

const hasGo = (): boolean => {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Why the cluster tests cannot run here, or undefined when they can. Only a machine without Go may
 * skip them: with Go present, missing binaries are a broken setup, and the start fails loudly.
 */
export function clusterSkipReason(): string | undefined {
  if (fs.existsSync(temporalServerBinary) && fs.existsSync(temporalSqlTool)) return undefined;
  if (!hasGo()) return `Go is not installed, so scripts/setup.mjs could not build the Temporal server (${temporalServerBinary}): the cluster test is skipped`;
  return undefined;
}

export function assertClusterBinaries(): void {
  for (const file of [temporalServerBinary, temporalSqlTool]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "node scripts/setup.mjs" (it builds the Temporal server with Go)`);
  }
}
