// `npm run temporal:setup`: the one-shot that prepares a self-hosted Temporal for orderhub (the
// compose service `temporal-setup`): registers TEMPORAL_NAMESPACE when missing, then the order
// search attributes from src/workflows/searchAttributes.ts (the code's list, so a new attribute
// needs no second copy in docker-compose.yml). Safe to re-run. Temporal Cloud registers
// namespaces and search attributes through its own UI or tcld instead (docs/deployment.md).
import { isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { loadConfig, temporalTarget } from '../config';
import { logger, setLogLevel } from '../observability/logger';
import { connectTemporalClient } from './connection';
import { ensureSearchAttributes } from './searchAttributeRegistry';

/** gRPC status codes (not a dependency of ours: @grpc/grpc-js comes with the client). */
const status = { NOT_FOUND: 5, ALREADY_EXISTS: 6 } as const;
/** How long closed orders stay in Temporal's history (the database keeps them for good). */
const RETENTION = '30 days';
/** A new namespace reaches every frontend's cache within ~10 s; until then attribute calls answer NotFound. */
const NAMESPACE_VISIBLE_WITHIN_MS = 60_000;

async function main() {
  const config = loadConfig();
  setLogLevel(config.observability.logLevel);
  const target = temporalTarget(config.temporal);
  const namespace = config.temporal.namespace;
  const client = await connectTemporalClient(target, namespace);
  try {
    const exists = await client.workflowService.describeNamespace({ namespace }).then(
      () => true,
      (err: unknown) => {
        if (isGrpcServiceError(err) && err.code === status.NOT_FOUND) return false;
        throw err;
      },
    );
    if (!exists) {
      await client.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) }).catch((err: unknown) => {
        if (!(isGrpcServiceError(err) && err.code === status.ALREADY_EXISTS)) throw err;
      });
      logger.info({ namespace }, 'namespace registered');
    }
  } finally {
    await client.connection.close();
  }

  const deadline = Date.now() + NAMESPACE_VISIBLE_WITHIN_MS;
  for (;;) {
    try {
      const added = await ensureSearchAttributes(target, namespace);
      logger.info({ namespace, added }, added.length > 0 ? 'search attributes registered' : 'search attributes already registered');
      return;
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === status.NOT_FOUND) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

main().catch((err) => {
  logger.fatal({ err }, 'temporal setup failed');
  process.exit(1);
});
