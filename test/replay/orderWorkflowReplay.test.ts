import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { requireEnv } from '../support/testHub';
import { installTemporalRuntime } from '../../src/temporal/runtime';

installTemporalRuntime();

// Every recorded history must replay on today's workflow code: a change that would break running
// orders (non-determinism) fails here, before it ships. New histories: test/histories/record.ts.
const dir = path.join(__dirname, '..', 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(5);
});

test.each(files)('%s replays deterministically', async (file) => {
  const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  await Worker.runReplayHistory({ workflowBundle: { codePath: requireEnv(STACK_ENV.workflowBundle) } }, history, file);
});
