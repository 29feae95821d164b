/**
 * A Temporal client connection closes only once its calls have ended. The SDK retries an
 * UNAVAILABLE answer from a timer; closed in between, the channel made that timer throw "Channel
 * has been shut down" outside any caller (test/workflows/summaries.test.ts once failed to run on
 * it in a full CI run, the test hub closing while a call was being retried). Pure: no stack.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const run = (mode: 'plain' | 'idle' | 'guarded') =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'closeWhileRetrying.ts'), mode], { cwd: root, encoding: 'utf8' }).trim()) as {
    inFlightAtClose: number;
    callAtClose: string;
    call: string;
    uncaught: string[];
  };

test('closing at once while a call is being retried throws from the retry timer, outside any caller', () => {
  const plain = run('plain');
  expect(plain.inFlightAtClose).toBe(1);
  expect(plain.uncaught).toEqual(['Channel has been shut down']);
});

test('closeWhenIdle waits for the call to end (its retries given up), then closes: nothing is thrown', () => {
  const idle = run('idle');
  expect(idle.inFlightAtClose).toBe(1);
  expect(idle.callAtClose).toBe('rejected: 14 UNAVAILABLE');
  expect(idle.uncaught).toEqual([]);
});

test('in test processes a retry asked of a closed channel is dropped instead of thrown (test/setup/closedChannelGuard.ts)', () => {
  const guarded = run('guarded');
  expect(guarded.inFlightAtClose).toBe(1);
  expect(guarded.uncaught).toEqual([]);
});
