import { configDefaults, loadConfig } from '../../src/config';
import { DEFAULT_FX_RATES } from '../../src/domain/fx';
import { amazonConnectorOptions } from '../../src/channels/amazon/config';
import { ebayConnectorOptions } from '../../src/channels/ebay/config';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      auth: { keys: [], production: false, rateLimit: { burst: 200, perMinute: 1200 }, sessionTtlMs: 8 * 3_600_000 },
      returns: { expiryMs: 30 * 24 * 3_600_000 },
      shopify: {
        admin: { adminUrl: 'http://127.0.0.1:4000/shopify/{shop}', apiVersion: '2025-07', timeoutMs: 10_000 },
        tokens: {},
        reconcileEveryMs: 300_000,
      },
      trustProxy: false,
      fxRates: DEFAULT_FX_RATES,
      channelWebhookSecrets: undefined,
      amazon: {
        credentials: undefined,
        spApiUrl: undefined,
        lwaUrl: undefined,
        pollIntervalMs: 60_000,
        usagePlanScale: 1,
        production: false,
        simulatorsUrl: 'http://127.0.0.1:4000',
      },
      port: 3000,
      databaseUrl: undefined,
      temporal: {
        address: undefined,
        namespace: 'default',
        taskQueue: 'orders',
        devServerPort: 7233,
        devServerUiPort: 8233,
        uiUrl: 'http://localhost:8233',
        security: {},
        connectTimeoutMs: 10_000,
        versioning: { enabled: false, deploymentName: 'orderhub', setCurrent: 'first' },
      },
      seedDemo: false,
      embeddedPostgresPort: 54329,
      orderOptions: {
        paymentTimeoutMs: 24 * 3_600_000,
        backorderTimeoutMs: 14 * 24 * 3_600_000,
        backorderPolicy: 'backorder',
        authorizationHoldAfterMs: 7 * 24 * 3_600_000,
        fulfillmentTaskQueue: 'orders-fulfillment',
        partnerTaskQueues: { erp: 'orders-erp', crm: 'orders-crm', channel: 'orders-channel', gateway: 'orders-gateway' },
        holdSlaMs: {
          payment: 12 * 3_600_000,
          fraud_review: 4 * 3_600_000,
          address: 24 * 3_600_000,
          manual: 48 * 3_600_000,
          inventory: 7 * 24 * 3_600_000,
          integration: 2 * 3_600_000,
          unmapped_sku: 24 * 3_600_000,
          total_mismatch: 24 * 3_600_000,
        },
        partnerRetry: { initialIntervalMs: 1000, maximumIntervalMs: 300_000, budgetMs: 48 * 3_600_000 },
      },
      inventorySync: { debounceMs: 2000 },
      worker: {
        workflowSlots: 40,
        activitySlots: 50,
        cachedWorkflows: 500,
        workflowThreads: 1,
        partnerActivitySlots: 50,
        partnerTuner: { kind: 'resource', minSlots: 10, targetCpu: 0.8, targetMemory: 0.8 },
      },
      dbPoolSize: 10,
      ebay: { apiUrl: undefined, credentials: undefined, pollIntervalMs: 60_000, production: false, simulatorsUrl: 'http://127.0.0.1:4000' },
      fulfillment: { concurrency: 4, perSecond: { erp: 50, crm: 50, channel: 50, gateway: 50, carrier: 50 }, perChannelPerSecond: 20 },
      partners: {
        timeoutMs: 10_000,
        erpUrl: 'http://127.0.0.1:4000/erp',
        crmUrl: 'http://127.0.0.1:4000/crm',
        carrierUrl: 'http://127.0.0.1:4000/carrier',
        channelsUrl: 'http://127.0.0.1:4000/channels',
        gatewayUrl: 'http://127.0.0.1:4000/gateway',
      },
      simulators: { port: 4000, carrierDispatchDelayMs: 3000, carrierDeliveryDelayMs: 5000 },
      observability: {
        logLevel: undefined,
        metrics: true,
        workerMetricsPort: 9464,
        temporalMetricsPort: 0,
        dbMetricsIntervalMs: 15_000,
        metricsKey: undefined,
        apiMetricsPort: undefined,
        tracing: { otlpEndpoint: undefined, serviceName: 'orderhub' },
      },
    });
  });

  it('FX_RATES adds to and overrides the built-in rates; a bad entry stops start-up naming the variable', () => {
    const { fxRates } = loadConfig({ FX_RATES: 'EUR=0.95,XTS=2' });
    expect(fxRates).toMatchObject({ EUR: '0.95', XTS: '2', JPY: DEFAULT_FX_RATES.JPY });
    expect(() => loadConfig({ FX_RATES: 'EUR=0' })).toThrow(/FX_RATES: the rate for EUR must be a positive decimal/);
  });

  it('partner URLs default to the simulators, following SIMULATORS_PORT', () => {
    const { partners } = loadConfig({ SIMULATORS_PORT: '4555' });
    expect(partners.erpUrl).toBe('http://127.0.0.1:4555/erp');
    expect(partners.crmUrl).toBe('http://127.0.0.1:4555/crm');
    expect(partners.carrierUrl).toBe('http://127.0.0.1:4555/carrier');
    expect(partners.channelsUrl).toBe('http://127.0.0.1:4555/channels');
  });

  it('takes explicit values', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db:5432/orderhub',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'prod',
      TEMPORAL_TASK_QUEUE: 'q',
      PAYMENT_TIMEOUT: '30m',
      PARTNER_TIMEOUT: '1500ms',
      ERP_URL: 'https://erp.example.com/api',
      CRM_URL: 'https://crm.example.com',
      CARRIER_URL: 'https://carrier.example.com',
      CHANNELS_URL: 'https://channels.example.com',
      GATEWAY_URL: 'https://pay.example.com',
      SIM_CARRIER_DISPATCH_DELAY_MS: '0',
    });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/orderhub');
    expect(config.temporal).toMatchObject({ address: 'temporal:7233', namespace: 'prod', taskQueue: 'q' });
    expect(config.orderOptions.paymentTimeoutMs).toBe(1_800_000);
    expect(config.partners).toEqual({
      timeoutMs: 1500,
      erpUrl: 'https://erp.example.com/api',
      crmUrl: 'https://crm.example.com',
      carrierUrl: 'https://carrier.example.com',
      channelsUrl: 'https://channels.example.com',
      gatewayUrl: 'https://pay.example.com',
    });
    expect(config.simulators.carrierDispatchDelayMs).toBe(0);
  });

  it('accepts postgres:// as well as postgresql://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/db' }).databaseUrl).toBe('postgres://localhost/db');
  });

  it('treats an empty variable as unset, so the default applies', () => {
    const config = loadConfig({ PORT: '', PAYMENT_TIMEOUT: ' ', DATABASE_URL: '', TEMPORAL_ADDRESS: '', TEMPORAL_TASK_QUEUE: '' });
    expect(config.port).toBe(3000);
    expect(config.orderOptions.paymentTimeoutMs).toBe(24 * 3_600_000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.taskQueue).toBe('orders');
  });

  it('ignores unrelated variables', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/bin', NODE_ENV: 'test' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['TEMPORAL_PORT', 'x'],
    ['SIMULATORS_PORT', '99999'],
    ['PAYMENT_TIMEOUT', 'soon'],
    ['PAYMENT_TIMEOUT', '0'],
    ['PAYMENT_TIMEOUT', '-5m'],
    ['PAYMENT_TIMEOUT', '1.5h'],
    ['PARTNER_TIMEOUT', '10 seconds'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'localhost:5432'],
    ['ERP_URL', 'not a url'],
    ['SIM_CARRIER_DELIVERY_DELAY_MS', '-1'],
  ])('%s=%j is an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*\\b${name}:`));
  });

  it('reports every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', PAYMENT_TIMEOUT: 'never', DATABASE_URL: 'http://x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/PAYMENT_TIMEOUT:.*"never" is not a duration/);
    expect(message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  });

  it('does not read process.env when given an environment', () => {
    const saved = process.env.PORT;
    process.env.PORT = 'abc';
    try {
      expect(loadConfig({}).port).toBe(3000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});

describe('worker and pool tuning', () => {
  test('configDefaults() is an empty environment: the one place tests, the bench and the hub take defaults from', () => {
    expect(configDefaults()).toEqual(loadConfig({}));
    expect(configDefaults().worker).toMatchObject({ workflowSlots: 40, activitySlots: 50, partnerActivitySlots: 50 });
  });

  test('reads WORKER_* and DB_POOL_SIZE', () => {
    const config = loadConfig({
      WORKER_WORKFLOW_SLOTS: '100',
      WORKER_ACTIVITY_POLLERS: '4',
      WORKER_CACHED_WORKFLOWS: '500',
      WORKER_WORKFLOW_THREADS: '2',
      WORKER_PARTNER_ACTIVITY_SLOTS: '8',
      WORKER_PARTNER_TUNER: 'fixed',
      WORKER_TUNER_TARGET_CPU: '0.5',
      DB_POOL_SIZE: '20',
    });
    expect(config.worker).toEqual({
      workflowSlots: 100,
      activitySlots: 50,
      activityPollers: 4,
      cachedWorkflows: 500,
      workflowThreads: 2,
      partnerActivitySlots: 8,
      // The minimum (10) above the maximum (8) is capped where the tuner is made (src/workers/partnerTuner.ts), not refused.
      partnerTuner: { kind: 'fixed', minSlots: 10, targetCpu: 0.5, targetMemory: 0.8 },
    });
    expect(config.dbPoolSize).toBe(20);
  });

  test('a bad value is refused with its name', () => {
    expect(() => loadConfig({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE/);
    expect(() => loadConfig({ WORKER_WORKFLOW_SLOTS: '1' })).toThrow(/WORKER_WORKFLOW_SLOTS/);
    expect(() => loadConfig({ WORKER_PARTNER_ACTIVITY_SLOTS: '0' })).toThrow(/WORKER_PARTNER_ACTIVITY_SLOTS/);
    expect(() => loadConfig({ WORKER_PARTNER_TUNER: 'auto' })).toThrow(/WORKER_PARTNER_TUNER/);
    expect(() => loadConfig({ WORKER_TUNER_TARGET_CPU: '1.5' })).toThrow(/WORKER_TUNER_TARGET_CPU/);
    expect(() => loadConfig({ CHANNEL_CALLS_PER_SECOND_PER_CHANNEL: '0' })).toThrow(/CHANNEL_CALLS_PER_SECOND_PER_CHANNEL/);
  });

  test('tracing is on only with an OTLP endpoint, which must be a URL', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'orderhub-worker' }).observability.tracing).toEqual({
      otlpEndpoint: 'http://collector:4318',
      serviceName: 'orderhub-worker',
    });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

describe('metrics settings', () => {
  test('METRICS_DB_INTERVAL, METRICS_KEY and API_METRICS_PORT', () => {
    const key = 'm'.repeat(24);
    const { observability } = loadConfig({ METRICS_DB_INTERVAL: '1m', METRICS_KEY: key, API_METRICS_PORT: '9100' });
    expect(observability).toMatchObject({ dbMetricsIntervalMs: 60_000, metricsKey: key, apiMetricsPort: 9100 });
  });

  test.each([
    ['METRICS_DB_INTERVAL', '500ms'],
    ['METRICS_DB_INTERVAL', 'often'],
    ['METRICS_KEY', 'short'],
    ['METRICS_KEY', `${'m'.repeat(24)}:admin`],
    ['API_METRICS_PORT', '0'],
    ['API_METRICS_PORT', '70000'],
    ['API_METRICS_PORT', '3000'],
  ])('%s=%j is an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*\\b${name}:`));
  });
});

describe('TRUST_PROXY', () => {
  test.each<[string, unknown]>([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    [' 10.0.0.0/8, 192.168.1.7 ,fd00::/8,uniquelocal', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'uniquelocal']],
  ])('%j -> %j (Express trust proxy)', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  test.each(['true', 'TRUE', 'yes', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/8', 'fd00::/129', '1.5', '99'])('%j is an error naming TRUST_PROXY', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/Invalid configuration:[\s\S]*\bTRUST_PROXY:/);
  });

  test('"true" is refused with the reason', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/any client could choose its address/);
  });
});

describe('AMAZON_* settings', () => {
  const channel = { id: 'amazon', secretName: null };

  it('development without credentials polls every amazon channel against the simulator', () => {
    const { connector, intervalMs } = amazonConnectorOptions(loadConfig({}).amazon);
    expect(connector.endpoints).toEqual({ spApiUrl: 'http://127.0.0.1:4000', lwaUrl: 'http://127.0.0.1:4000/auth/o2/token' });
    expect(connector.credentials(channel)).toMatchObject({ refreshToken: 'Atzr|dev-amazon' });
    expect(intervalMs).toBe(60_000);
  });

  it('production polls only the channels AMAZON_CREDENTIALS names (by secretName, else code), at their region', () => {
    const creds = { clientId: 'amzn1.application-oa2-client.x', clientSecret: 's', refreshToken: 'Atzr|r' };
    const { connector } = amazonConnectorOptions(
      loadConfig({ NODE_ENV: 'production', API_KEYS: 'a'.repeat(40) + ':admin', AMAZON_CREDENTIALS: JSON.stringify({ 'amz-us': creds }) }).amazon,
    );
    expect(connector.endpoints).toBeUndefined();
    expect(connector.credentials({ id: 'amazon', secretName: 'amz-us' })).toEqual(creds);
    expect(connector.credentials(channel)).toBeUndefined();
  });

  it('refuses malformed credentials naming the setting', () => {
    expect(() => loadConfig({ AMAZON_CREDENTIALS: '{"x": {"clientId": "c"}}' })).toThrow(/AMAZON_CREDENTIALS: must be a JSON object/);
  });
});

describe('EBAY_* settings', () => {
  const channel = { id: 'ebay', secretName: null };

  it('development without credentials polls every ebay channel against the simulator', () => {
    const { connector, intervalMs } = ebayConnectorOptions(loadConfig({}).ebay);
    expect(connector.endpoints).toEqual({ apiUrl: 'http://127.0.0.1:4000', tokenUrl: 'http://127.0.0.1:4000/identity/v1/oauth2/token' });
    expect(connector.credentials(channel)).toMatchObject({ refreshToken: 'v^1.1#dev-ebay' });
    expect(intervalMs).toBe(60_000);
  });

  it('production polls only the channels EBAY_CREDENTIALS names (by secretName, else code), at api.ebay.com unless EBAY_API_URL says otherwise', () => {
    const creds = { clientId: 'Seller-App-PRD-1', clientSecret: 'PRD-s', refreshToken: 'v^1.1#r' };
    const env = { NODE_ENV: 'production', API_KEYS: 'a'.repeat(40) + ':admin', EBAY_CREDENTIALS: JSON.stringify({ 'ebay-us': creds }) };
    const { connector } = ebayConnectorOptions(loadConfig(env).ebay);
    expect(connector.endpoints).toEqual({ apiUrl: 'https://api.ebay.com', tokenUrl: 'https://api.ebay.com/identity/v1/oauth2/token' });
    expect(connector.credentials({ id: 'ebay', secretName: 'ebay-us' })).toEqual(creds);
    expect(connector.credentials(channel)).toBeUndefined();
    expect(ebayConnectorOptions(loadConfig({ ...env, EBAY_API_URL: 'https://api.sandbox.ebay.com/' }).ebay).connector.endpoints).toEqual({
      apiUrl: 'https://api.sandbox.ebay.com',
      tokenUrl: 'https://api.sandbox.ebay.com/identity/v1/oauth2/token',
    });
  });

  it('refuses malformed credentials naming the setting', () => {
    expect(() => loadConfig({ EBAY_CREDENTIALS: '{"x": {"clientId": "c"}}' })).toThrow(/EBAY_CREDENTIALS: must be a JSON object/);
  });
});
