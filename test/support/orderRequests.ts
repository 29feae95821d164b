import type { Response } from 'supertest';
import { eventually } from './fixtures';
import { resumeIfPaused, stopOrderWorkers } from './orderWorkerPause';
import { startTestHub, type TestHub } from './testHub';

/**
 * For tests that interleave requests to one order on the real stack: one hub for the file (its
 * order worker restarted after a test that paused it and failed), and the reads they all need.
 */
export function raceHub(): { hub: () => TestHub } {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterEach(async () => {
    t.sim.state.faults.reset();
    await resumeIfPaused(t);
  });
  afterAll(async () => {
    if (t) await stopOrderWorkers(t);
    await t?.stop();
  });
  return { hub: () => t };
}

export function orderRequests(hub: () => TestHub) {
  const order = async (orderId: string) => (await hub().api.get(`/api/v1/orders/${orderId}`)).body;
  return {
    order,
    waitFor: (orderId: string, check: (o: Record<string, unknown>) => boolean) =>
      eventually(async () => {
        const o = await order(orderId);
        if (!check(o)) throw new Error(`order is ${o.status}/${o.fulfillmentStatus}`);
        return o;
      }),
    /** Sends now (supertest is lazy), answers later. */
    send: (req: PromiseLike<Response>): Promise<Response> => Promise.resolve(req),
    /** The simulator's successful first calls of `operation` for the order (no faults, no replays). */
    okCalls: (orderId: string, operation: string) =>
      hub()
        .sim.state.journal.list({ orderId, operation })
        .filter((c) => !c.faulted && !c.duplicate && c.status < 300),
    pause: (ms: number) => new Promise((r) => setTimeout(r, ms)),
  };
}
