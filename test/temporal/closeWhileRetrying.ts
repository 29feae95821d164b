// Child process of callTracker.test.ts: a client call is retrying (nothing listens on the port)
// when the connection closes, either at once (`plain`, `guarded`) or through closeWhenIdle (`idle`). Prints
// one JSON line: how the call ended and any uncaught exception. A child, because the exception
// this is about is thrown from a timer, outside any caller, and would take the test file down.
import { Connection } from '@temporalio/client';
import { callTracker, closeWhenIdle, trackCalls } from '../../src/temporal/callTracker';
import { installClosedChannelGuard } from '../setup/closedChannelGuard';

const mode = process.argv[2];
// `guarded`: the test processes' safety net (test/setup/closedChannelGuard.ts), then the plain close.
if (mode === 'guarded') installClosedChannelGuard();
const uncaught: string[] = [];
process.on('uncaughtException', (err) => uncaught.push(err.message));

async function main() {
  const calls = callTracker({ maxAttempts: 4, initialIntervalMs: () => 100, maxIntervalMs: () => 200 });
  const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: calls.interceptors });
  trackCalls(connection, calls);
  let call = 'pending';
  const inFlight = connection.workflowService.getSystemInfo({}).then(
    () => (call = 'answered'),
    (err: Error) => (call = `rejected: ${err.message.split(':')[0]}`),
  );
  await new Promise((resolve) => setTimeout(resolve, 150));
  const inFlightAtClose = calls.inFlight;
  if (mode === 'plain' || mode === 'guarded') await connection.close();
  else await closeWhenIdle(connection, 10_000);
  const callAtClose = call;
  await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  console.log(JSON.stringify({ inFlightAtClose, callAtClose, call, uncaught }));
}
void main();
