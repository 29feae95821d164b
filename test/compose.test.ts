/**
 * Static checks of the container deployment (docker-compose.yml, Dockerfile, .dockerignore).
 * Pure and fast: reads files only, starts no containers and touches no network. The environment
 * each service starts with goes through the hub's configuration in test/composeEnvironment.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { interpolate, parseDotEnv } from './support/composeEnvironment';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

type Dict = Record<string, unknown>;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Dict | string[];
  ports?: Array<string | number | { target?: number | string; published?: number | string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  container_name?: string;
  deploy?: { replicas?: number };
}

const composeText = read('docker-compose.yml');
const composeDoc = YAML.parseDocument(composeText, { merge: true });
const compose = composeDoc.toJS() as { services: Record<string, Service>; volumes?: Dict };
const services = compose.services ?? {};

const EXPECTED_SERVICES = ['postgres', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui', 'migrate', 'simulators', 'api', 'worker'];

const VALID_CONDITIONS = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

/** Values as compose passes them, `${...}` filled from .env.example. */
const dotEnv = parseDotEnv(read('.env.example'));
function env(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(rawEnv(name)).map(([k, v]) => [k, interpolate(v, dotEnv, [])]));
}

function rawEnv(name: string): Record<string, string> {
  const raw = services[name]?.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

function dependsOn(name: string): Record<string, string> {
  const raw = services[name]?.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(Object.entries(raw).map(([dep, spec]) => [dep, spec?.condition ?? 'service_started']));
}

/** Published (host) -> target (container) port pairs; short and long syntax. */
function ports(name: string): Array<{ published: number; target: number }> {
  return (services[name]?.ports ?? []).map((entry) => {
    if (typeof entry === 'object') return { published: Number(entry.published), target: Number(entry.target) };
    const parts = String(entry)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts[parts.length - 1]);
    const published = parts.length >= 2 ? Number(parts[parts.length - 2]) : NaN;
    return { published, target };
  });
}

const argv = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : value.trim().split(/\s+/));

const usesBuild = (name: string) => services[name]?.build !== undefined;

function packageScripts(): Record<string, string> {
  return (JSON.parse(read('package.json')) as { scripts?: Record<string, string> }).scripts ?? {};
}

/** The npm script a `npm run <script>` argv (possibly inside a shell string) runs. */
function npmRunScript(args: string[]): string | undefined {
  const text = args.join(' ');
  const match = /\bnpm\s+(?:run(?:-script)?|run)\s+([\w:.-]+)/.exec(text) ?? /\bnpm\s+(start|test)\b/.exec(text);
  return match?.[1];
}

describe('docker-compose.yml', () => {
  test('is valid YAML with merge keys resolved, and every expected service exists', () => {
    expect(composeDoc.errors).toEqual([]);
    expect(composeDoc.warnings).toEqual([]);
    expect(Object.keys(services).sort()).toEqual([...EXPECTED_SERVICES].sort());
    // Merged anchors leave no literal "<<" keys behind.
    expect(JSON.stringify(compose)).not.toContain('"<<"');
  });

  test('every service either builds the orderhub image or uses a pinned image', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (svc.image === undefined) {
        expect({ name, build: usesBuild(name) }).toEqual({ name, build: true });
        continue;
      }
      const withoutDigest = svc.image.split('@')[0];
      const lastSegment = withoutDigest.split('/').pop() ?? '';
      const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
      expect({ name, image: svc.image, tagged: Boolean(tag) }).toEqual({ name, image: svc.image, tagged: true });
      expect({ name, tag }).not.toEqual({ name, tag: 'latest' });
      expect(svc.image).not.toMatch(/\$\{?/); // no tag left to an interpolated variable
    }
    for (const name of ['migrate', 'temporal-setup', 'simulators', 'api', 'worker']) {
      const build = services[name].build;
      const context = typeof build === 'string' ? build : build?.context;
      const dockerfile = typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
      expect({ name, context }).toEqual({ name, context: '.' });
      expect(fs.existsSync(path.join(root, dockerfile))).toBe(true);
    }
    expect(services.postgres.image).toMatch(/^postgres:16(\b|$)/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:\d+\.\d+/);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:\d+\.\d+/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:\d+\.\d+/);
  });

  test('publishes the expected ports', () => {
    expect(ports('api')).toContainEqual({ published: 3000, target: 3000 });
    expect(ports('temporal-ui')).toContainEqual({ published: 8233, target: 8080 });
    expect(ports('temporal')).toContainEqual({ published: 7233, target: 7233 });
    expect(ports('simulators')).toContainEqual({ published: 4000, target: 4000 });
    expect(env('api').PORT).toBe('3000');
    expect(env('simulators').SIMULATORS_PORT).toBe('4000');
  });

  test('postgres has a named volume and a pg_isready healthcheck; Temporal shares its server', () => {
    const pg = env('postgres');
    expect(pg.POSTGRES_DB).toBe('orderhub');
    expect(pg.POSTGRES_USER).toBeTruthy();
    expect(pg.POSTGRES_PASSWORD).toBeTruthy();
    expect(argv(services.postgres.healthcheck?.test).join(' ')).toContain('pg_isready');
    const volumes = (services.postgres as { volumes?: string[] }).volumes ?? [];
    const named = volumes.map((v) => String(v).split(':')[0]).filter((source) => !/^[./~]/.test(source));
    expect(named.length).toBeGreaterThan(0);
    for (const volume of named) expect(Object.keys(compose.volumes ?? {})).toContain(volume);

    const temporal = env('temporal');
    expect(temporal.DB).toBe('postgres12');
    expect(temporal.DB_PORT).toBe('5432');
    expect(temporal.POSTGRES_SEEDS).toBe('postgres');
    expect(temporal.POSTGRES_USER).toBe(pg.POSTGRES_USER);
    expect(temporal.POSTGRES_PWD).toBe(pg.POSTGRES_PASSWORD);
    // temporal-schema creates `temporal` / `temporal_visibility`; they must not collide with the hub's DB.
    expect([temporal.DBNAME ?? 'temporal', temporal.VISIBILITY_DBNAME ?? 'temporal_visibility']).not.toContain(pg.POSTGRES_DB);
    expect(env('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  test.each(['api', 'worker', 'migrate', 'simulators'])('%s gets the shared orderhub environment', (name) => {
    const e = env(name);
    const pg = env('postgres');
    const db = new URL(e.DATABASE_URL);
    expect(db.protocol).toBe('postgresql:');
    expect(db.hostname).toBe('postgres');
    expect(db.port === '' || db.port === '5432').toBe(true);
    expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(decodeURIComponent(db.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(db.password)).toBe(pg.POSTGRES_PASSWORD);

    expect(e.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(e.TEMPORAL_NAMESPACE ?? 'default').toBe('default');
    expect(e.TEMPORAL_TASK_QUEUE ?? 'orders').toBe('orders');

    const simPort = env('simulators').SIMULATORS_PORT ?? '4000';
    const partners: Record<string, string> = {
      ERP_URL: '/erp',
      CRM_URL: '/crm',
      CARRIER_URL: '/carrier',
      CHANNELS_URL: '/channels',
    };
    for (const [key, pathname] of Object.entries(partners)) {
      const url = new URL(e[key]);
      expect({ key, host: url.hostname, port: url.port, pathname: url.pathname }).toEqual({
        key,
        host: 'simulators',
        port: simPort,
        pathname,
      });
    }
  });

  test('simulators call the API back on its compose address', () => {
    const sim = env('simulators');
    const hub = new URL(sim.SIM_HUB_URL);
    expect(hub.hostname).toBe('api');
    expect(hub.port).toBe(env('api').PORT);
    expect(Number(sim.SIM_CARRIER_DISPATCH_DELAY_MS)).toBeGreaterThan(0);
    expect(Number(sim.SIM_CARRIER_DELIVERY_DELAY_MS)).toBeGreaterThan(0);
  });

  test('depends_on references existing services with valid, satisfiable conditions and no cycles', () => {
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
        expect({ name, dep, condition, valid: VALID_CONDITIONS.has(condition) }).toEqual({
          name,
          dep,
          condition,
          valid: true,
        });
        if (condition === 'service_healthy') {
          const hc = services[dep].healthcheck;
          expect({ dep, hasHealthcheck: Boolean(hc?.test) && !hc?.disable }).toEqual({ dep, hasHealthcheck: true });
        }
        if (condition === 'service_completed_successfully') {
          // A one-shot that compose would restart forever never "completes".
          expect({ dep, restart: services[dep].restart ?? 'no' }).toEqual({ dep, restart: 'no' });
        }
      }
    }

    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]) => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...trail, name].join(' -> ')}`);
      visiting.add(name);
      for (const dep of Object.keys(dependsOn(name))) visit(dep, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  test('the start-up order is the intended one', () => {
    expect(dependsOn('temporal-schema')).toMatchObject({ postgres: 'service_healthy' });
    expect(dependsOn('temporal')).toMatchObject({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn('migrate')).toMatchObject({ postgres: 'service_healthy' });
    expect(dependsOn('temporal-setup')).toMatchObject({ temporal: 'service_healthy' });
    for (const name of ['api', 'worker']) {
      expect(dependsOn(name)).toMatchObject({
        migrate: 'service_completed_successfully',
        'temporal-setup': 'service_completed_successfully',
      });
      expect(Object.keys(dependsOn(name))).toContain('simulators');
    }
  });

  test('workers scale horizontally', () => {
    const worker = services.worker;
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.container_name).toBeUndefined(); // fixed names break replicas
    expect(ports('worker').filter((p) => !Number.isNaN(p.published))).toEqual([]); // so do fixed host ports
  });

  test('the one-shots are not restarted', () => {
    for (const name of ['temporal-schema', 'temporal-setup', 'migrate']) expect({ name, restart: services[name].restart }).toEqual({ name, restart: 'no' });
  });

  test('shell text in commands escapes $ from compose interpolation', () => {
    for (const [name, svc] of Object.entries(services)) {
      const texts = [...argv(svc.entrypoint), ...(Array.isArray(svc.command) ? svc.command : svc.command ? [svc.command] : []), ...argv(svc.healthcheck?.test)];
      for (const text of texts) {
        // `$$` is a literal `$`; any other `$` would be substituted by compose from the host env.
        expect({ name, unescaped: text.replace(/\$\$/g, '').includes('$') }).toEqual({ name, unescaped: false });
      }
    }
  });

  test('long-running services have healthchecks where something can probe them', () => {
    for (const name of ['postgres', 'temporal', 'simulators', 'api']) {
      expect({ name, healthcheck: Boolean(services[name].healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.existsSync(path.join(root, 'Dockerfile')) ? read('Dockerfile') : '';
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const all = (keyword: string) => instructions.filter((l) => l.toUpperCase().startsWith(`${keyword} `)).map((l) => l.slice(keyword.length + 1).trim());

  test('exists and builds the one orderhub image', () => {
    expect(dockerfile).not.toBe('');
    expect(all('FROM')[0]).toMatch(/^node:20-bookworm-slim\b/);
    expect(all('WORKDIR')).toContain('/app');
    expect(all('COPY').some((c) => c.includes('package.json') && c.includes('package-lock.json'))).toBe(true);
    expect(all('RUN').some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(all('RUN').some((r) => /prisma generate\b/.test(r) && /DATABASE_URL=/.test(r))).toBe(true);
    expect(all('ENV').join(' ')).toMatch(/NODE_ENV=production/);
    for (const source of ['src', 'prisma', 'prisma.config.ts', 'scripts', 'tsconfig.json']) {
      expect({ source, copied: all('COPY').some((c) => c.split(/\s+/).slice(0, -1).includes(source)) }).toEqual({
        source,
        copied: true,
      });
    }
  });

  test('runs as a non-root user', () => {
    const users = all('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
  });

  test('its default CMD is `npm run api`', () => {
    const cmds = all('CMD');
    expect(JSON.parse(cmds[cmds.length - 1])).toEqual(['npm', 'run', 'api']);
  });
});

describe('.dockerignore', () => {
  test('keeps local state and build output out of the build context', () => {
    const entries = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/^\/+|\/+$/g, ''));
    for (const entry of ['node_modules', '.tools', '.data', 'dist', 'coverage', '.git', 'bench/results', 'src/generated']) {
      expect(entries).toContain(entry);
    }
  });
});

describe('npm scripts used by the containers', () => {
  const commands: Array<[string, string | undefined]> = [
    ...Object.keys(services)
      .filter(usesBuild)
      .map((name): [string, string | undefined] => [name, npmRunScript(argv(services[name].command))]),
    [
      'Dockerfile CMD',
      (() => {
        const cmd = /^\s*CMD\s+(.+)$/im.exec(fs.existsSync(path.join(root, 'Dockerfile')) ? read('Dockerfile') : '');
        return cmd ? npmRunScript(JSON.parse(cmd[1]) as string[]) : undefined;
      })(),
    ],
  ];

  test('the expected processes are wired to the expected scripts', () => {
    expect(Object.fromEntries(commands)).toEqual({
      migrate: 'migrate',
      'temporal-setup': 'temporal:setup',
      simulators: 'simulators',
      api: 'api',
      worker: 'worker',
      'Dockerfile CMD': 'api',
    });
  });

  test.each(commands)('%s runs an npm script that exists in package.json', (_where, script) => {
    expect(script).toBeDefined();
    expect(Object.keys(packageScripts())).toContain(script);
  });

  test.each(commands)('%s does not need the dev-only first-run setup', (_where, script) => {
    // scripts/setup.mjs installs node_modules and Python-built Temporal binaries into .tools; the
    // image has neither Python nor .tools, and already ran `npm ci` and `prisma generate`.
    const body = packageScripts()[script ?? ''] ?? '';
    expect(body).not.toMatch(/scripts\/setup\.mjs/);
  });
});
