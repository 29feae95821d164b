import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Worker } from '@temporalio/worker';
import { writeWorkflowBundle } from '../../src/infra/workflowBundle';
import { temporalTracing } from '../../src/temporal/tracingInterceptors';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { requireEnv } from '../support/testHub';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { HISTORIES } from './histories';
import { atRest } from '../histories/saveHistory';

installTemporalRuntime();

// Every listed history must replay on today's workflow code: a change that would break running
// orders (non-determinism) fails here, before it ships. The rule for such changes: docs/versioning.md.
const dir = path.join(__dirname, '..', 'histories');
const listed = HISTORIES.map((h) => h.file);
const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { events: { eventType: string; workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] };

test('every listed history is in test/histories', () => {
  expect(listed.filter((file) => !fs.existsSync(path.join(dir, file)))).toEqual([]);
});

test('every history in test/histories is listed in test/replay/histories.ts', () => {
  const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  expect(onDisk.filter((file) => !listed.includes(file))).toEqual([]);
  expect(new Set(listed).size).toBe(listed.length);
});

test.each(listed)('%s ends where its workflow does', (file) => {
  const events = read(file).events;
  const type = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
  // The inventory-sync and marketplace poller workflows never complete (they continue as new): their histories end at rest after a finished task.
  if (type === 'inventorySyncWorkflow' || type === 'marketplacePollerWorkflow') expect(atRest(events.map((e) => e.eventType))).toBe(true);
  else expect(events.at(-1)?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
});

test.each(listed)('%s replays deterministically', async (file) => {
  await Worker.runReplayHistory({ workflowBundle: { codePath: requireEnv(STACK_ENV.workflowBundle) } }, read(file), file);
});

// Turning tracing on loads the traced bundle (Temporal's OpenTelemetry workflow interceptors
// inside): orders started untraced must replay on it, so a tracing switch is never a breaking change.
describe('with the traced workflow bundle', () => {
  let tracedBundle: string;
  const sinks = temporalTracing(new SimpleSpanProcessor(new InMemorySpanExporter()), Resource.default()).sinks;
  beforeAll(async () => {
    tracedBundle = await writeWorkflowBundle(fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-traced-')), { tracing: true });
  }, 120_000);

  test.each(listed)('%s replays deterministically', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: tracedBundle }, sinks }, read(file), file);
  });
});
