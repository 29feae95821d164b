import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../src/infra/paths';

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
