// Keeps a workflow's history as a replay fixture (test/replay replays every JSON file here).
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = __dirname;

/** `<date>-<name>.json` in the standard history format (the one the Temporal UI downloads). */
export const historyFile = (name: string, dir = HISTORIES_DIR) => path.join(dir, `${new Date().toISOString().slice(0, 10)}-${name}.json`);

/**
 * Saves the history unless a file of that name exists: recorded histories stand for orders that
 * may still be running, so they are never replaced. Returns the file written, or undefined.
 */
export async function saveHistory(client: Client, workflowId: string, name: string, dir = HISTORIES_DIR): Promise<string | undefined> {
  const file = historyFile(name, dir);
  if (fs.existsSync(file)) return undefined;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  fs.writeFileSync(file, historyToJSON(history));
  return file;
}

/** Where bench and chaos runs keep sample histories: RECORD_HISTORIES=1 (this folder) or a folder. */
export function recordHistoriesDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.RECORD_HISTORIES;
  if (!v || v === '0' || v === 'false') return undefined;
  return v === '1' || v === 'true' ? HISTORIES_DIR : path.resolve(v);
}

/** What a waiting workflow's last task may have written after it completed: a timer, search attributes, a marker. */
const AFTER_LAST_TASK = new Set(['EVENT_TYPE_TIMER_STARTED', 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED', 'EVENT_TYPE_MARKER_RECORDED']);

/**
 * True when a long-lived workflow (one that continues as new instead of completing) is at rest:
 * its last workflow task completed and started nothing but timers and the like, so a history cut
 * here replays whole. Takes the event type names (as in the JSON files).
 */
export function atRest(eventTypes: readonly string[]): boolean {
  const last = eventTypes.lastIndexOf('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  return last >= 0 && eventTypes.slice(last + 1).every((t) => AFTER_LAST_TASK.has(t));
}
