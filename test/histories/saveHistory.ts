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
