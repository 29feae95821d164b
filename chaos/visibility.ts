// Temporal's visibility store (what `workflow.list` reads) trails the workflows themselves: a
// workflow that just completed may still be listed as running for a moment, and one just started
// may not be listed at all. The chaos checks poll it until the run's order workflows are all
// listed as closed, with a bound, instead of sleeping a fixed time and hoping.

/** The part of the Temporal client the checks use (a fake in the unit tests). */
export interface VisibilityClient {
  workflow: {
    list(opts: { query: string }): AsyncIterable<{ workflowId: string; status: { name: string } }>;
  };
}

export interface ClosedWorkflows {
  /** Every order workflow of the run listed, and none of them running. */
  settled: boolean;
  /** Order workflows of the run listed as running at the last look. */
  running: number;
  /** Order workflows of the run not listed at all at the last look. */
  unlisted: number;
  /** Workflows of the task queue (orders and others) that closed failed, timed out, terminated or cancelled: "<id> <STATUS>". */
  notCompleted: string[];
  waitedMs: number;
  polls: number;
}

const FINE = new Set(['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW']);

/**
 * Lists the task queue's workflows every `intervalMs` until each of `orderWorkflowIds` is listed
 * and closed, or `timeoutMs` has passed; answers with the last look either way.
 */
export async function awaitClosedWorkflows(
  temporal: VisibilityClient,
  taskQueue: string,
  orderWorkflowIds: ReadonlySet<string>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<ClosedWorkflows> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  for (let polls = 1; ; polls++) {
    const seen = new Map<string, string>();
    const notCompleted: string[] = [];
    for await (const wf of temporal.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
      const status = wf.status.name;
      // CONTINUED_AS_NEW: an inventory-sync workflow starting afresh (every 100 pushes), not a failure.
      if (!FINE.has(status)) notCompleted.push(`${wf.workflowId} ${status}`);
      if (orderWorkflowIds.has(wf.workflowId)) seen.set(wf.workflowId, status);
    }
    const running = [...seen.values()].filter((s) => s === 'RUNNING').length;
    const unlisted = orderWorkflowIds.size - seen.size;
    const settled = running === 0 && unlisted === 0;
    const waitedMs = Date.now() - started;
    if (settled || waitedMs >= timeoutMs) return { settled, running, unlisted, notCompleted, waitedMs, polls };
    await new Promise((r) => setTimeout(r, Math.min(opts.intervalMs ?? 500, Math.max(0, timeoutMs - waitedMs))));
  }
}
