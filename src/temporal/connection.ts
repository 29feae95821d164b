import tls from 'node:tls';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { callTracker, trackCalls } from './callTracker';
import { activeTracing } from '../observability/tracing';

/**
 * Where and how to reach a Temporal frontend: the one description the client and every worker
 * connect with (src/config/temporalTarget.ts builds it from TEMPORAL_* and the envconfig file).
 * A plain `host:port` string stands for an unsecured frontend: the dev servers the tests, the
 * bench and `npm start` run.
 */
export interface TemporalTarget {
  address: string;
  /** Temporal Cloud API key, sent as a bearer token; implies TLS. Never logged. */
  apiKey?: string;
  /** true: TLS with the system's root CAs; an object: a private CA, a server name, a client certificate (mTLS). */
  tls?: TLSConfig | boolean;
  /** Extra gRPC headers (TEMPORAL_GRPC_META_*). */
  metadata?: Record<string, string>;
  /** How long connecting may take before start-up fails; default 10 s. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const asTarget = (target: TemporalTarget | string): TemporalTarget => (typeof target === 'string' ? { address: target } : target);

/** TLS is on when asked for, or when an API key is sent (a key must never travel in clear text). */
function tlsOf(target: TemporalTarget): TLSConfig | undefined {
  if (target.tls === false) return undefined;
  if (target.tls === true || (target.tls === undefined && target.apiKey !== undefined)) return {};
  return target.tls;
}

/** A short, secret-free description for logs and errors. */
export function describeTarget(target: TemporalTarget | string): string {
  const t = asTarget(target);
  const security = tlsOf(t);
  const parts = [t.address, security ? (security.clientCertPair ? 'mTLS' : 'TLS') : 'plaintext'];
  if (t.apiKey !== undefined) parts.push('API key');
  if (security?.serverNameOverride) parts.push(`server name ${security.serverNameOverride}`);
  return parts.join(', ');
}

/** The Temporal client's connection options. */
export function clientConnectionOptions(target: TemporalTarget | string): ConnectionOptions {
  const t = asTarget(target);
  return {
    address: t.address,
    tls: tlsOf(t),
    ...(t.apiKey !== undefined && { apiKey: t.apiKey }),
    ...(t.metadata && { metadata: t.metadata }),
    connectTimeout: t.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
}

/** The workers' (native) connection options: the same target as the client's. */
export function workerConnectionOptions(target: TemporalTarget | string): NativeConnectionOptions {
  const t = asTarget(target);
  return {
    address: t.address,
    tls: tlsOf(t),
    ...(t.apiKey !== undefined && { apiKey: t.apiKey }),
    ...(t.metadata && { metadata: t.metadata }),
  };
}

export async function connectTemporalClient(target: TemporalTarget | string, namespace: string): Promise<Client> {
  const t = asTarget(target);
  await probeTls(t);
  // Tracked so that a close waits for the calls in flight (src/temporal/callTracker.ts: closeWhenIdle).
  const calls = callTracker();
  const connection = await withStartupError(t, Connection.connect({ ...clientConnectionOptions(t), interceptors: calls.interceptors }));
  trackCalls(connection, calls);
  // Tracing on: starts, updates and signals carry the caller's span to the workflow (src/observability/tracing.ts).
  const tracing = activeTracing();
  return new Client({ connection, namespace, ...(tracing && { interceptors: { workflow: tracing.temporal.clientInterceptors } }) });
}

export async function connectWorkerConnection(target: TemporalTarget | string): Promise<NativeConnection> {
  const t = asTarget(target);
  await probeTls(t);
  // The native connection has no deadline of its own: a frontend that accepts TCP but never
  // answers would hold the worker's start-up forever.
  return withStartupError(t, NativeConnection.connect(workerConnectionOptions(t)), t.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
}

export class TemporalConnectError extends Error {}

async function withStartupError<T>(target: TemporalTarget, connecting: Promise<T>, timeoutMs?: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
  try {
    return await (deadline ? Promise.race([connecting, deadline]) : connecting);
  } catch (err) {
    throw new TemporalConnectError(
      `cannot connect to Temporal at ${describeTarget(target)}: ${(err as Error).message} (TEMPORAL_ADDRESS, TEMPORAL_TLS_*, TEMPORAL_API_KEY; docs/deployment.md)`,
      {
        cause: err,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A TLS handshake of our own before the SDK connects. Both SDK connections retry a failed
 * handshake until their deadline and then report only "failed to connect"; node's TLS names the
 * actual fault (an unknown CA, a name the certificate does not cover, a refused client
 * certificate), which is what an operator needs from the first line of a failed start.
 */
export async function probeTls(target: TemporalTarget): Promise<void> {
  const security = tlsOf(target);
  if (!security) return;
  const { host, port } = splitAddress(target.address);
  const timeoutMs = target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    const fail = (message: string) => {
      socket.destroy();
      reject(new TemporalConnectError(`cannot connect to Temporal at ${describeTarget(target)}: ${message} (check ${hintFor(message)}; docs/deployment.md)`));
    };
    const socket = tls.connect({
      host,
      port,
      servername: security.serverNameOverride ?? (isIp(host) ? undefined : host),
      ca: security.serverRootCACertificate ? Buffer.from(security.serverRootCACertificate) : undefined,
      cert: security.clientCertPair ? Buffer.from(security.clientCertPair.crt) : undefined,
      key: security.clientCertPair ? Buffer.from(security.clientCertPair.key) : undefined,
      ALPNProtocols: ['h2'],
      // A server name override names the certificate to expect, whatever host we dial.
      ...(security.serverNameOverride && { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(security.serverNameOverride!, cert) }),
    });
    socket.setTimeout(timeoutMs, () => fail(`no TLS handshake within ${timeoutMs} ms`));
    socket.once('error', (err) => fail(err.message));
    socket.once('secureConnect', () => {
      socket.end();
      resolve();
    });
  });
}

function hintFor(message: string): string {
  if (/certificate|self.signed|issuer/i.test(message) && !/altnames|hostname/i.test(message)) return 'TEMPORAL_TLS_SERVER_CA_CERT_PATH / _DATA';
  if (/altnames|hostname/i.test(message)) return 'TEMPORAL_TLS_SERVER_NAME';
  if (/alert|handshake/i.test(message)) return 'TEMPORAL_TLS_CLIENT_CERT_PATH / TEMPORAL_TLS_CLIENT_KEY_PATH (mTLS)';
  return 'TEMPORAL_ADDRESS';
}

function splitAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!match) return { host: address, port: 7233 };
  return { host: match[1], port: Number(match[2]) };
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');
