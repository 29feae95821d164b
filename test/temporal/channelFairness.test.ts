/**
 * A burst from one marketplace does not starve another (issue 16 part 5), on the test stack's
 * Temporal dev server, which runs with `matching.enableFairness` like compose's server: channel
 * calls carry their channel as fairness key, so with one slot the server interleaves the two
 * channels' backlogs instead of serving them first come, first served; and the per-channel rate
 * limit (applyChannelRateLimit) slows the bursting channel only.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { requireEnv } from '../support/testHub';
import { STACK_ENV } from '../../src/infra/ephemeralStack';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { applyChannelRateLimit } from '../../src/workers/channelRateLimit';
import { eventually } from '../support/fixtures';

let connection: Connection;
let native: NativeConnection;
let client: Client;
let workflowWorker: Worker;
let workflowsRunning: Promise<void>;
const workflowQueue = `fairness-${randomUUID()}`;

beforeAll(async () => {
  installTemporalRuntime();
  connection = await Connection.connect({ address: requireEnv(STACK_ENV.temporalAddress) });
  native = await NativeConnection.connect({ address: requireEnv(STACK_ENV.temporalAddress) });
  client = new Client({ connection });
  workflowWorker = await Worker.create({ connection: native, taskQueue: workflowQueue, workflowsPath: path.join(__dirname, 'workflows', 'channelBurst.ts') });
  workflowsRunning = workflowWorker.run();
});
afterAll(async () => {
  workflowWorker?.shutdown();
  await workflowsRunning;
  await native?.close();
  await connection?.close();
});

interface Call {
  channel: string;
  at: number;
}

/** Amazon bursts `burst` calls, then eBay schedules `few`; both backlogs wait until one worker with one slot serves them. */
async function serveBacklog(channelQueue: string, burst: number, few: number): Promise<Call[]> {
  const start = (channel: string, count: number) =>
    client.workflow.start('channelBurst', { taskQueue: workflowQueue, workflowId: `${channelQueue}-${channel}`, args: [channel, channelQueue, count] });
  const amazon = await start('amazon', burst);
  await scheduled(amazon.workflowId, burst);
  const ebay = await start('ebay', few);
  await scheduled(ebay.workflowId, few);
  const calls: Call[] = [];
  const t0 = Date.now();
  const worker = await Worker.create({
    connection: native,
    taskQueue: channelQueue,
    maxConcurrentActivityTaskExecutions: 1,
    activities: {
      async channelCancelOrder(channel: string) {
        calls.push({ channel, at: Date.now() - t0 });
      },
    },
  });
  await worker.runUntil(Promise.all([amazon.result(), ebay.result()]));
  return calls;
}

async function scheduled(workflowId: string, count: number): Promise<void> {
  await eventually(async () => {
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    expect(events?.filter((e) => e.activityTaskScheduledEventAttributes).length).toBe(count);
  });
}

test('with one slot, the second channel is served alongside the bursting one, not after it', async () => {
  const calls = await serveBacklog(`fairness-${randomUUID()}-channel`, 20, 5);
  const order = calls.map((c) => (c.channel === 'amazon' ? 'A' : 'e')).join('');
  // First come, first served would be 20 A then 5 e; fairness gives each key about half of the dispatches.
  const lastEbay = order.lastIndexOf('e');
  expect({ order, lastEbay: lastEbay < 12 }).toEqual({ order, lastEbay: true });
});

test('the per-channel rate limit slows the bursting channel only', async () => {
  const channelQueue = `fairness-${randomUUID()}-channel`;
  const perSecond = 5;
  expect(await applyChannelRateLimit(native, 'default', channelQueue, perSecond)).toBe(true);
  const calls = await serveBacklog(channelQueue, 20, 3);
  const amazon = calls.filter((c) => c.channel === 'amazon').map((c) => c.at);
  const ebay = calls.filter((c) => c.channel === 'ebay').map((c) => c.at);
  // The server lets a short burst through, then paces amazon; its last 10 calls take at least 10/5 s less a margin.
  const paced = amazon.slice(-10);
  expect(paced[paced.length - 1] - paced[0]).toBeGreaterThan(((paced.length - 1) / perSecond) * 1000 * 0.8);
  // eBay's three calls are not queued behind amazon's paced backlog.
  expect(Math.max(...ebay)).toBeLessThan(amazon[10]);
});
