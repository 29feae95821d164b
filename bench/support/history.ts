import type { Client } from '@temporalio/client';
import type { BaselineProfile } from '../baseline/baseline.workflow';
import { temporal } from '@temporalio/proto';

/**
 * What one workflow run did, from its history: activities (grouped by the workflow task that
 * scheduled them, so parallel steps stay parallel), signals, accepted updates and timers.
 */
export async function profileFromHistory(client: Client, workflowId: string): Promise<BaselineProfile> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const activityGroups: number[] = [];
  let lastTask: string | undefined;
  let signals = 0;
  let updates = 0;
  let timers = 0;
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes) {
      const task = String(e.activityTaskScheduledEventAttributes.workflowTaskCompletedEventId);
      if (task === lastTask) activityGroups[activityGroups.length - 1] += 1;
      else activityGroups.push(1);
      lastTask = task;
    }
    if (e.workflowExecutionSignaledEventAttributes) signals += 1;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) updates += 1;
    if (e.timerStartedEventAttributes) timers += 1;
  }
  return { activityGroups, signals, updates, timers };
}

export const activityCount = (p: BaselineProfile) => p.activityGroups.reduce((a, b) => a + b, 0);

/** What one workflow run costs Temporal: events, encoded history bytes, search-attribute upserts, workflow tasks. */
export async function historySize(client: Client, workflowId: string): Promise<{ events: number; bytes: number; upserts: number; workflowTasks: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  return {
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
    upserts: events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length,
    workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
  };
}
