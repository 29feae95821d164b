import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../src/infra/paths';
import { temporalServerBinary } from './binaries';

export const serverConfigTemplate = path.join(projectRoot, 'config', 'temporal-cluster', 'development.yaml');
/** The compose deployment's dynamic config, used as it is: the cluster test proves what compose runs. */
export const composeDynamicConfig = path.join(projectRoot, 'deploy', 'temporal', 'dynamicconfig.yaml');

/**
 * Fills the template's ${NAME} placeholders and writes `<dir>/development.yaml` (the server reads
 * `--config <dir> --env development`). A placeholder without a value is an error, not an empty string.
 */
export function writeServerConfig(dir: string, values: Record<string, string | number>): string {
  const rendered = fs.readFileSync(serverConfigTemplate, 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`${serverConfigTemplate}: no value for \${${name}}`);
    return String(values[name]);
  });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'development.yaml');
  fs.writeFileSync(file, rendered);
  return file;
}

/**
 * The server's own check of a dynamic config file. The server itself only logs a warning for an
 * unknown key or a value of the wrong type and runs on the default, so a typo in compose's file
 * would silently turn priorities off: here it stops the cluster's start instead.
 */
export function validateDynamicConfig(file: string): void {
  const output = execFileSync(temporalServerBinary, ['validate-dynamic-config', file], { encoding: 'utf8' });
  const problems = output.split('\n').filter((line) => /warning|error/i.test(line));
  if (problems.length > 0) throw new Error(`${file} is not a valid dynamic config for this server:\n${problems.join('\n')}`);
}
