import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionLike, type ConnectionOptions } from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** How long a close waits for the calls in flight: the SDK's default retries (10 attempts) give up within about 18 s. */
export const CLOSE_GRACE_MS = 20_000;

type RetryOptions = Parameters<typeof defaultGrpcRetryOptions>[0];

/**
 * Counts a client connection's calls in flight, retries included, so that closing waits for them.
 *
 * Why: the SDK's retry interceptor retries an UNAVAILABLE or RESOURCE_EXHAUSTED answer from a
 * timer. Closed in between, the channel makes that timer throw "Channel has been shut down" as an
 * uncaught exception, outside any caller's try (a test file then fails to run). Placed before the
 * retry interceptor, this one sees a call from its start to its final status, across attempts.
 */
export function callTracker(retry?: RetryOptions) {
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const interceptor: Interceptor = (options, nextCall) => {
    const call = nextCall(options);
    const start = call.start.bind(call);
    call.start = (metadata, listener) => {
      inFlight++;
      let settled = false;
      start(metadata, {
        onReceiveMetadata: (m) => listener?.onReceiveMetadata?.(m),
        onReceiveMessage: (m) => listener?.onReceiveMessage?.(m),
        onReceiveStatus: (status) => {
          if (!settled && --inFlight === 0) waiters.splice(0).forEach((wake) => wake());
          settled = true;
          listener?.onReceiveStatus?.(status);
        },
      });
    };
    // grpc-js types an interceptor's result as its InterceptingCall class; it only calls the interface's methods.
    return call as ReturnType<Interceptor>;
  };
  return {
    /** The connection's interceptors: this one first, then the SDK's default retries. */
    interceptors: [interceptor, makeGrpcRetryInterceptor(defaultGrpcRetryOptions(retry))],
    get inFlight() {
      return inFlight;
    },
    /** Resolves once no call is in flight, or after `graceMs` (a server that never answers must not hold a shutdown forever). */
    idle(graceMs: number): Promise<void> {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

export type CallTracker = ReturnType<typeof callTracker>;

const trackers = new WeakMap<ConnectionLike, CallTracker>();

export function trackCalls(connection: ConnectionLike, tracker: CallTracker): void {
  trackers.set(connection, tracker);
}

/** Closes a client connection once its calls in flight have ended (at most `graceMs` later). */
export async function closeWhenIdle(connection: ConnectionLike, graceMs = CLOSE_GRACE_MS): Promise<void> {
  await trackers.get(connection)?.idle(graceMs);
  await connection.close();
}
