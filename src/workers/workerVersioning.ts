import crypto from 'node:crypto';
import fs from 'node:fs';
import { isGrpcServiceError } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { NativeConnection, WorkerDeploymentOptions } from '@temporalio/worker';

/**
 * Worker Versioning (Temporal Worker Deployments). Every worker of a process declares deployment
 * TEMPORAL_DEPLOYMENT_NAME and a build id; the server routes each workflow task to the build its
 * workflow may run on. Auto-upgrade is the default behaviour: an open order moves to the current
 * build at its next task, so the patching rule of docs/versioning.md still applies (a build must
 * replay the histories of the one before); pinning is for workflows that must never change code
 * midway, which no order workflow needs. docs/deployment.md has the upgrade procedure.
 */
export interface WorkerVersion {
  deploymentName: string;
  buildId: string;
}

/**
 * When a starting build makes itself the deployment's current version (TEMPORAL_WORKER_SET_CURRENT):
 * - `first`: only when the deployment has none yet; every later build waits for the operator's
 *   ramp and switch (`temporal worker deployment set-ramping-version / set-current-version`).
 * - `newest`: also when it is the most recently created version and no ramp is under way, so a
 *   plain `docker compose up --build`, which replaces every worker at once, upgrades by itself;
 *   an older build restarting later (a crash, a node reboot) never takes the deployment back.
 */
export type SetCurrentPolicy = 'first' | 'newest';

/**
 * The build id: a hash of the workflow bundle the workers load. Two images with the same workflow
 * code share it, so a rebuild that changes only activities or the API is not a new version to
 * ramp; any change to workflow code is one.
 */
export function workflowBundleBuildId(bundlePath: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(bundlePath)).digest('hex').slice(0, 16);
}

export function deploymentOptions(version: WorkerVersion | undefined): WorkerDeploymentOptions | undefined {
  if (!version) return undefined;
  return { version, useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' };
}

export type AdoptOutcome = 'made-current' | 'already-current' | { current: string };

const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
/** The server learns a version from its workers' first polls; until then it does not know it. */
const VERSION_KNOWN_WITHIN_MS = 30_000;

/**
 * Versioned workers get work only once their build is the deployment's current (or ramping)
 * version. The first build of a deployment makes itself current, so a first `docker compose up`
 * works with no operator step; later builds follow `policy`, and when they leave the switch to the
 * operator the outcome says which build is current instead.
 */
export async function adoptVersion(connection: NativeConnection, namespace: string, version: WorkerVersion, policy: SetCurrentPolicy = 'first'): Promise<AdoptOutcome> {
  const deadline = Date.now() + VERSION_KNOWN_WITHIN_MS;
  for (;;) {
    try {
      const { workerDeploymentInfo, conflictToken } = await connection.workflowService.describeWorkerDeployment({ namespace, deploymentName: version.deploymentName });
      const routing = workerDeploymentInfo?.routingConfig;
      const current = routing?.currentDeploymentVersion?.buildId;
      if (current === version.buildId) return 'already-current';
      if (current) {
        if (policy === 'first' || routing?.rampingDeploymentVersion?.buildId) return { current };
        const created = (buildId?: string | null) => optionalTsToMs(workerDeploymentInfo?.versionSummaries?.find((v) => v.deploymentVersion?.buildId === buildId)?.createTime) ?? 0;
        // Our pollers registered the deployment, but the version itself may not be listed yet.
        if (!workerDeploymentInfo?.versionSummaries?.some((v) => v.deploymentVersion?.buildId === version.buildId)) {
          if (Date.now() > deadline) return { current };
          await sleep(500);
          continue;
        }
        const newest = (workerDeploymentInfo?.versionSummaries ?? []).every((v) => created(v.deploymentVersion?.buildId) <= created(version.buildId));
        if (!newest) return { current };
      }
      await connection.workflowService.setWorkerDeploymentCurrentVersion({
        namespace,
        deploymentName: version.deploymentName,
        buildId: version.buildId,
        conflictToken,
        identity: `orderhub worker ${version.buildId}`,
      });
      return 'made-current';
    } catch (err) {
      // Not known yet (no poll registered the deployment or version), not polled yet on every queue of the current
      // version, or another replica changed the routing first (conflict token): look again.
      const retryable = isGrpcServiceError(err) && (err.code === NOT_FOUND || err.code === FAILED_PRECONDITION);
      if (!retryable || Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}

/** The version this process's workers declare, from TEMPORAL_WORKER_VERSIONING / _SET_CURRENT / TEMPORAL_DEPLOYMENT_NAME; undefined: unversioned. */
export function configuredWorkerVersion(
  versioning: { enabled: boolean; deploymentName: string; setCurrent: SetCurrentPolicy },
  workflowBundlePath: string,
): (WorkerVersion & { setCurrent: SetCurrentPolicy }) | undefined {
  if (!versioning.enabled) return undefined;
  return { deploymentName: versioning.deploymentName, buildId: workflowBundleBuildId(workflowBundlePath), setCurrent: versioning.setCurrent };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
