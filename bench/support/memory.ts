import v8 from 'node:v8';
import vm from 'node:vm';

/** global.gc, also without --expose-gc on the command line (the flag can be set at run time). */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
export const gc = findGc();

/** This process's resident set in MB, after two full GCs when they can be forced. */
export function rssMb(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().rss / 1024 / 1024;
}
