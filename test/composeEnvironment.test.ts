/**
 * docker-compose.yml as it starts: each orderhub service's environment (the image's ENV under the
 * service's `environment`, `${...}` filled from .env.example) goes through the hub's own
 * configuration loader, API key resolution and simulator configuration, the code each process
 * runs first. Reads files only; starts no containers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { loadConfig, temporalTarget, type Config } from '../src/config';
import { resolveApiKeys } from '../src/api/auth/devKey';
import { findKey } from '../src/api/auth/keys';
import { resolveWebhookSecrets, DEMO_CHANNELS } from '../src/channels/webhookSecrets';
import { simulatorOptionsFromEnv } from '../src/simulators/config';
import { containerEnv, loadCompose, parseDotEnv, type ComposeService } from './support/composeEnvironment';

const root = path.resolve(__dirname, '..');
const dotEnv = parseDotEnv(fs.readFileSync(path.join(root, '.env.example'), 'utf8'));
const { services, errors } = loadCompose(root, dotEnv);
const env = (name: string) => containerEnv(root, services[name]);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-compose-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The services that run orderhub code, with the configuration each one loads. */
const HUB_SERVICES = ['api', 'worker', 'migrate', 'simulators', 'temporal-setup'];
const SECRETS = ['POSTGRES_PASSWORD', 'API_KEYS', 'SIM_HUB_API_KEY', 'CHANNEL_WEBHOOK_SECRETS', 'METRICS_KEY'];

describe('docker-compose.yml with .env.example', () => {
  test('every `${...}` is satisfied by .env.example', () => {
    expect(errors).toEqual([]);
  });

  test('without an .env, compose refuses to start and names every missing secret', () => {
    const refused = loadCompose(root, {}).errors.map((e) => e.split(':')[0]);
    expect([...new Set(refused)].sort()).toEqual([...SECRETS].sort());
    // No secret is written into the compose file itself.
    const text = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    for (const secret of SECRETS) expect(text).not.toContain(dotEnv[secret]);
  });

  test.each(HUB_SERVICES)('%s: the configuration loads as in production (the image sets NODE_ENV)', (name) => {
    const e = env(name);
    expect(e.NODE_ENV).toBe('production');
    const config = loadConfig(e);
    expect(config.auth.production).toBe(true);
    expect(config.databaseUrl).toBe(`postgresql://orderhub:${dotEnv.POSTGRES_PASSWORD}@postgres:5432/orderhub`);
    expect(temporalTarget(config.temporal)).toMatchObject({ address: 'temporal:7233' });
    // Every partner URL reaches the simulators container (a default would be this container's loopback).
    for (const url of [config.partners.erpUrl, config.partners.crmUrl, config.partners.carrierUrl, config.partners.channelsUrl, config.partners.gatewayUrl]) {
      expect({ url, host: new URL(url).host }).toEqual({ url, host: 'simulators:4000' });
    }
  });

  test('api: API keys, the simulators carrier key and the webhook secrets resolve as the API process resolves them', () => {
    const config = loadConfig(env('api'));
    const { keys, devKey } = resolveApiKeys(config.auth, scratch);
    expect(devKey).toBeUndefined();
    expect(keys.some((k) => k.role === 'admin')).toBe(true);
    const simulatorKey = simulatorOptionsFromEnv(env('simulators')).hubApiKey;
    expect(simulatorKey).toBeDefined();
    expect(findKey(keys, simulatorKey!)).toMatchObject({ role: 'carrier', name: 'simulators' });

    const secrets = resolveWebhookSecrets(config.channelWebhookSecrets, config.auth.production, scratch);
    for (const channel of DEMO_CHANNELS) expect({ channel, secrets: secrets[channel]?.length ?? 0 }).toEqual({ channel, secrets: 1 });
    expect(config.observability.metricsKey).toBe(dotEnv.METRICS_KEY);
  });

  test('simulators: call the API on its compose address, with a carrier key, listening beyond loopback', () => {
    const sim = simulatorOptionsFromEnv(env('simulators'));
    expect(new URL(sim.hubUrl ?? '').host).toBe(`api:${loadConfig(env('api')).port}`);
    expect(sim.host).toBe('0.0.0.0');
    expect(sim.port).toBe(4000);
  });

  test('api and worker agree on the namespace and every task queue', () => {
    const pick = (c: Config) => ({ namespace: c.temporal.namespace, taskQueue: c.temporal.taskQueue, orderOptions: c.orderOptions });
    expect(pick(loadConfig(env('worker')))).toEqual(pick(loadConfig(env('api'))));
  });

  test('worker: Worker Versioning on, with the bundle the image built; /metrics behind the key', () => {
    const e = env('worker');
    const config = loadConfig(e);
    expect(config.temporal.versioning).toMatchObject({ enabled: true, setCurrent: 'newest' });
    expect(e.WORKFLOW_BUNDLE_PATH).toBe('/app/dist/workflow-bundle.js');
    expect(config.observability.metricsKey).toBe(dotEnv.METRICS_KEY);
  });

  test('migrate: demo data only with SEED_DEMO=1', () => {
    expect(loadConfig(env('migrate')).seedDemo).toBe(false);
    const seeded = loadCompose(root, { ...dotEnv, SEED_DEMO: '1' }).services.migrate;
    expect(loadConfig(containerEnv(root, seeded)).seedDemo).toBe(true);
    const unset = { ...dotEnv };
    delete unset.SEED_DEMO;
    expect(loadConfig(containerEnv(root, loadCompose(root, unset).services.migrate)).seedDemo).toBe(false);
  });
});

describe('the Temporal server of docker-compose.yml', () => {
  const version = (image = '') => /:(\d+)\.(\d+)\.(\d+)/.exec(image)?.slice(1).map(Number) ?? [];
  const published = (svc: ComposeService) => (svc.ports ?? []).map(String);

  test('is temporalio/server 1.29 or later, its schema set up by the admin-tools of the same version', () => {
    const [major, minor] = version(services.temporal.image);
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(1029);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(version(services['temporal-schema'].image)).toEqual(version(services.temporal.image));
    const script = ([] as string[]).concat(services['temporal-schema'].command ?? []).join('\n');
    for (const schema of ['postgresql/v12/temporal', 'postgresql/v12/visibility']) expect(script).toContain(`update-schema --schema-name ${schema}`);
  });

  test('is reachable on loopback only, like its UI and the simulators', () => {
    for (const name of ['temporal', 'temporal-ui', 'simulators']) {
      for (const port of published(services[name])) expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
    expect(published(services.postgres)).toEqual([]);
  });

  test('reads the dynamic config: new matcher, fairness, one partition for the workers fulfillment queue', () => {
    const e = env('temporal');
    const mount = (services.temporal.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === e.DYNAMIC_CONFIG_FILE_PATH);
    expect(mount).toBeDefined();
    const dynamic = YAML.parse(fs.readFileSync(path.join(root, mount![0]), 'utf8')) as Record<string, Array<{ value: unknown; constraints?: { taskQueueName?: string } }>>;
    expect(dynamic['matching.useNewMatcher']).toEqual([{ value: true }]);
    expect(dynamic['matching.enableFairness']).toEqual([{ value: true }]);
    const fulfillmentQueue = loadConfig(env('worker')).orderOptions.fulfillmentTaskQueue;
    for (const key of ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions']) {
      expect(dynamic[key]).toEqual([{ value: 1, constraints: { taskQueueName: fulfillmentQueue } }]);
    }
  });

  test('temporal-setup registers the search attributes from the code, not from a copy', () => {
    expect(services['temporal-setup'].command).toEqual(['npm', 'run', 'temporal:setup']);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const script = /tsx\s+(\S+)/.exec(pkg.scripts['temporal:setup'])?.[1];
    const source = fs.readFileSync(path.join(root, script!), 'utf8');
    expect(source).toMatch(/import \{[^}]*ensureSearchAttributes[^}]*\} from '\.\/searchAttributeRegistry'/);
    expect(fs.readFileSync(path.join(root, 'src/temporal/searchAttributeRegistry.ts'), 'utf8')).toMatch(/orderSearchAttributes\.filter/);
    expect(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')).not.toMatch(/search-attribute create/);
  });
});
