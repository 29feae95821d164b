/**
 * The hub reaches a TLS (and mTLS) Temporal frontend with TEMPORAL_* settings alone, through the
 * same module the API and every worker connect with; a wrong CA or server name fails at start
 * with the reason, quickly, instead of hanging. The frontend here is the test stack's dev server
 * behind a TLS terminator of this test (node's tls, certificates made with openssl).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { loadConfig, temporalTarget } from '../../src/config';
import { connectTemporalClient, connectWorkerConnection } from '../../src/temporal/connection';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { requireEnv } from '../support/testHub';
import { makeTestPki, type TestPki } from '../support/testCertificates';

let pki: TestPki;
let proxy: tls.Server;
let proxyAddress: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  pki = makeTestPki();
  const [upstreamHost, upstreamPort] = requireEnv(STACK_ENV.temporalAddress).split(':');
  proxy = tls.createServer(
    {
      cert: fs.readFileSync(pki.serverCert),
      key: fs.readFileSync(pki.serverKey),
      // mTLS: only clients with a certificate of the test CA get through.
      requestCert: true,
      rejectUnauthorized: true,
      ca: fs.readFileSync(pki.caCert),
      ALPNProtocols: ['h2'],
    },
    (client) => {
      const upstream = net.connect(Number(upstreamPort), upstreamHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    },
  );
  proxy.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyAddress = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

/** Only what an operator would put into the environment. */
const mtlsEnv = (overrides: Record<string, string> = {}) => ({
  TEMPORAL_ADDRESS: proxyAddress,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
  TEMPORAL_TLS_SERVER_NAME: pki.serverName,
  TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
  TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
  TEMPORAL_CONNECT_TIMEOUT: '5s',
  ...overrides,
});

test('the client and the workers connect over mTLS with TEMPORAL_* settings only', async () => {
  const config = loadConfig(mtlsEnv());
  const target = temporalTarget(config.temporal);
  const client = await connectTemporalClient(target, config.temporal.namespace);
  try {
    const info = await client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toBeTruthy();
  } finally {
    await client.connection.close();
  }
  const native = await connectWorkerConnection(target);
  await native.close();
});

test('a profile of TEMPORAL_CONFIG_FILE connects the same way, variables overriding it', async () => {
  const file = path.join(pki.dir, 'temporal.toml');
  fs.writeFileSync(
    file,
    [
      '[profile.prod]',
      `address = "${proxyAddress}"`,
      'namespace = "default"',
      '[profile.prod.tls]',
      `server_ca_cert_path = "${pki.caCert}"`,
      `server_name = "${pki.serverName}"`,
      `client_cert_path = "${pki.clientCert}"`,
      `client_key_path = "${pki.clientKey}"`,
      '',
    ].join('\n'),
  );
  const config = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod', TEMPORAL_TASK_QUEUE: 'orders' });
  expect(config.temporal.address).toBe(proxyAddress);
  const client = await connectTemporalClient(temporalTarget(config.temporal), config.temporal.namespace);
  await client.connection.close();

  const overridden = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod', TEMPORAL_NAMESPACE: 'orders-staging' });
  expect(overridden.temporal.namespace).toBe('orders-staging');
  expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' })).toThrow(/TEMPORAL_PROFILE.*nope/s);
});

test.each([
  ['a CA that did not sign the server certificate', () => ({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.otherCaCert }), /TEMPORAL_TLS_SERVER_CA_CERT_PATH/],
  ['a server name the certificate does not carry', () => ({ TEMPORAL_TLS_SERVER_NAME: 'temporal.elsewhere.test' }), /TEMPORAL_TLS_SERVER_NAME/],
])('%s is a clear error at start, not a hang', async (_what, override, hint) => {
  const env = mtlsEnv(override());
  const target = temporalTarget(loadConfig(env).temporal);
  for (const connect of [() => connectTemporalClient(target, 'default'), () => connectWorkerConnection(target)]) {
    const started = Date.now();
    const error = await connect().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toContain(`cannot connect to Temporal at ${proxyAddress}, mTLS`);
    expect(error?.message).toMatch(hint);
    expect(Date.now() - started).toBeLessThan(3000);
  }
});

test('a frontend that accepts TCP but never answers fails after TEMPORAL_CONNECT_TIMEOUT', async () => {
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const address = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const target = temporalTarget(loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS: 'true', TEMPORAL_CONNECT_TIMEOUT: '1s' }).temporal);
    const started = Date.now();
    await expect(connectWorkerConnection(target)).rejects.toThrow(/no TLS handshake within 1000 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('a certificate file that cannot be read stops the configuration, naming the setting', () => {
  expect(() => loadConfig(mtlsEnv({ TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(pki.dir, 'missing.key') }))).toThrow(/TEMPORAL_TLS_\*: cannot read .*missing\.key/);
});
