/**
 * Worker Versioning on the test stack's Temporal server: the hub's workers declare a Worker
 * Deployment version whose build id is the workflow bundle's hash; the first build of a
 * deployment makes itself current and its orders run auto-upgrade; a second build does not take
 * the deployment over by starting (that is the operator's ramp, docs/deployment.md).
 */
import { randomUUID } from 'node:crypto';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { startWorkers } from '../../src/workers/startWorkers';
import { workflowBundleBuildId, type WorkerVersion } from '../../src/workers/workerVersioning';
import { configDefaults, partnerTaskQueues } from '../../src/config';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { requireEnv, startTestHub, type TestHub } from '../support/testHub';

const deploymentName = `orderhub-test-${randomUUID().slice(0, 8)}`;
const version: WorkerVersion = { deploymentName, buildId: workflowBundleBuildId(requireEnv(STACK_ENV.workflowBundle)) };
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ workerVersion: version, carrierDispatchDelayMs: 100, carrierDeliveryDelayMs: 100 });
});
afterAll(() => t?.stop());

const describeDeployment = () => t.hub.temporal.workflowService.describeWorkerDeployment({ namespace: 'default', deploymentName });

test('the first build of a deployment is made current at start, and its orders run on it, auto-upgrading', async () => {
  expect(version.buildId).toMatch(/^[0-9a-f]{16}$/);
  const { workerDeploymentInfo } = await describeDeployment();
  expect(workerDeploymentInfo?.routingConfig?.currentDeploymentVersion).toMatchObject(version);

  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const payload = orderPayload({ sku });
  const res = await t.api.post('/api/v1/orders').send(payload);
  expect(res.status).toBe(202);
  await eventually(async () => expect((await t.api.get(`/api/v1/orders/${res.body.orderId}`)).body.status).toBe('delivered'));

  const described = await t.hub.temporal.workflowService.describeWorkflowExecution({
    namespace: 'default',
    execution: { workflowId: `order:webstore:${payload.externalId}` },
  });
  const versioningInfo = described.workflowExecutionInfo?.versioningInfo;
  expect(versioningInfo?.deploymentVersion).toMatchObject(version);
  // VERSIONING_BEHAVIOR_AUTO_UPGRADE
  expect(versioningInfo?.behavior).toBe(2);
});

test('a second build starting does not take the deployment over', async () => {
  const next: WorkerVersion = { deploymentName, buildId: `${version.buildId.slice(0, 8)}next0000` };
  const defaults = configDefaults();
  const workers = await startWorkers({
    temporalAddress: requireEnv(STACK_ENV.temporalAddress),
    namespace: 'default',
    taskQueue: t.taskQueue,
    // Never called: a build that is not current gets no tasks.
    activities: {} as never,
    workflowBundlePath: requireEnv(STACK_ENV.workflowBundle),
    tuning: defaults.worker,
    fulfillment: { concurrency: 1 },
    version: next,
  });
  try {
    expect(workers.versioning).toEqual({ current: version.buildId });
    const { workerDeploymentInfo } = await describeDeployment();
    expect(workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId).toBe(version.buildId);
    expect(workerDeploymentInfo?.versionSummaries?.map((v) => v.deploymentVersion?.buildId).sort()).toEqual([version.buildId, next.buildId].sort());
  } finally {
    await workers.shutdown();
  }
});

test('with TEMPORAL_WORKER_SET_CURRENT=newest a new build takes over at start, and an older one restarting does not take it back', async () => {
  const start = (v: WorkerVersion) =>
    startWorkers({
      temporalAddress: requireEnv(STACK_ENV.temporalAddress),
      namespace: 'default',
      taskQueue: t.taskQueue,
      // The hub's own workers run the orders; these only poll (an activity worker needs one activity to poll at all).
      activities: { noop: async () => undefined } as never,
      workflowBundlePath: requireEnv(STACK_ENV.workflowBundle),
      tuning: configDefaults().worker,
      // Every queue the current build serves: the server refuses a current version that would leave one unversioned.
      partnerTaskQueues: partnerTaskQueues(t.taskQueue),
      fulfillmentTaskQueue: `${t.taskQueue}-fulfillment`,
      fulfillment: { concurrency: 1 },
      version: { ...v, setCurrent: 'newest' },
    });
  const newer = await start({ deploymentName, buildId: `${version.buildId.slice(0, 8)}newer000` });
  try {
    expect(newer.versioning).toBe('made-current');
    const older = await start(version);
    try {
      expect(older.versioning).toEqual({ current: `${version.buildId.slice(0, 8)}newer000` });
    } finally {
      await older.shutdown();
    }
  } finally {
    await newer.shutdown();
  }
});
