/**
 * Installed before every test file (jest `setupFiles`: installClosedChannelGuard.ts). A Temporal client call that fails with
 * UNAVAILABLE is retried by the SDK from a timer; when the file's connection closes in between (a
 * test's own Connection, a TestWorkflowEnvironment's, a late call of a stopped hub), that timer
 * asks the closed gRPC channel for a new call, and the channel throws "Channel has been shut down"
 * outside any caller: the exception lands in whichever test file the jest worker runs next, which
 * then "fails to run" though nothing in it is wrong. The hub's own connections wait for their
 * calls before closing (src/temporal/callTracker.ts); this guard covers every other connection in
 * a test process: a call asked of a closed channel never starts and never answers, so the
 * abandoned retry ends quietly. Only for tests: a running hub never closes a channel under a call.
 */
import { Channel, type Call, type InterceptingListener, type Metadata } from '@grpc/grpc-js';

const SHUT_DOWN = 'Channel has been shut down';

/** A call on a closed channel: it is never started, so its listener never hears back. */
function abandonedCall(): Call {
  return {
    start: (_metadata: Metadata, _listener: InterceptingListener) => undefined,
    sendMessageWithContext: () => undefined,
    startRead: () => undefined,
    halfClose: () => undefined,
    cancelWithStatus: () => undefined,
    getPeer: () => 'closed channel',
    getCallNumber: () => 0,
    setCredentials: () => undefined,
  } as unknown as Call;
}

export function installClosedChannelGuard(): void {
  const proto = Channel.prototype as unknown as { createCall: (...args: unknown[]) => Call; guarded?: boolean };
  if (proto.guarded) return;
  const createCall = proto.createCall;
  proto.createCall = function (this: unknown, ...args: unknown[]) {
    try {
      return createCall.apply(this, args);
    } catch (err) {
      if (err instanceof Error && err.message === SHUT_DOWN) return abandonedCall();
      throw err;
    }
  };
  proto.guarded = true;
}
