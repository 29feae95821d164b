/**
 * What a container of docker-compose.yml sees in its environment: the image's ENV (Dockerfile),
 * overridden by the service's `environment`, after compose substituted `${VAR}` from `.env`.
 * Enough of compose's rules for this repository's files (docs.docker.com/compose: interpolation).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

type Vars = Record<string, string>;

/** Compose's substitution of one value: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`. */
export function interpolate(text: string, vars: Vars, errors: string[]): string {
  return text.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (_m, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (name === undefined && bare === undefined) return '$';
    const key = (name ?? bare)!;
    const value = vars[key];
    const missing = colon ? value === undefined || value === '' : value === undefined;
    if (op === '-') return missing ? (arg ?? '') : value;
    if (op === '?') {
      if (missing) errors.push(`${key}: ${arg}`);
      return value ?? '';
    }
    return value ?? '';
  });
}

function interpolateDeep(node: unknown, vars: Vars, errors: string[]): unknown {
  if (typeof node === 'string') return interpolate(node, vars, errors);
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, vars, errors));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, vars, errors)]));
  return node;
}

/** A `.env` file: KEY=VALUE lines, `#` comments, optional quotes. */
export function parseDotEnv(text: string): Vars {
  const vars: Vars = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    vars[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

/** The ENV of a Dockerfile (`ENV A=1 B=2`, continued lines). */
export function dockerfileEnv(text: string): Vars {
  const vars: Vars = {};
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const match = /^\s*ENV\s+(.*)$/i.exec(line);
    if (!match) continue;
    for (const pair of match[1].matchAll(/([A-Za-z_]\w*)=("[^"]*"|\S+)/g)) vars[pair[1]] = pair[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: unknown[];
  volumes?: string[];
}

/** docker-compose.yml with merge keys resolved and `${...}` substituted from `vars`; `errors` lists what compose would refuse. */
export function loadCompose(root: string, vars: Vars): { services: Record<string, ComposeService>; errors: string[] } {
  const doc = YAML.parseDocument(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }).toJS() as { services: Record<string, ComposeService> };
  const errors: string[] = [];
  const services = interpolateDeep(doc.services, vars, errors) as Record<string, ComposeService>;
  return { services, errors };
}

const asVars = (environment: ComposeService['environment']): Vars => {
  if (!environment) return {};
  if (Array.isArray(environment))
    return Object.fromEntries(
      environment.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, v == null ? '' : String(v)]));
};

/** The environment a service's process starts with: the image's ENV (for services built from ./Dockerfile) under the service's own. */
export function containerEnv(root: string, service: ComposeService): Vars {
  const image = service.build !== undefined ? dockerfileEnv(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')) : {};
  return { ...image, ...asVars(service.environment) };
}
