// The client's usage-plan buckets: never more requests than the plan allows, whatever the
// workflow hands back, and a retried attempt trusts nothing.
import { RateGate, RateWait } from '../../../src/channels/amazon/rateGate';

const plans = () => ({ getOrders: { rate: 1, burst: 3 } });

describe('RateGate', () => {
  it('starts empty and answers how long to wait instead of sleeping', () => {
    let now = 1_000_000;
    const gate = new RateGate(plans(), undefined, false, () => now);
    expect(() => gate.take('getOrders')).toThrow(RateWait);
    try {
      gate.take('getOrders');
    } catch (err) {
      // 1 request per second at 95 %: about 1053 ms.
      expect((err as RateWait).waitMs).toBeGreaterThan(1000);
      expect((err as RateWait).waitMs).toBeLessThan(1100);
    }
    now += 1100;
    expect(() => gate.take('getOrders')).not.toThrow();
    expect(() => gate.take('getOrders')).toThrow(RateWait);
  });

  it('never exceeds the plan over a long run, however the state is carried between activities', () => {
    let now = 0;
    let state = new RateGate(plans(), undefined, false, () => now).snapshot();
    let sent = 0;
    for (let step = 0; step < 10_000; step++) {
      now += 137;
      const gate = new RateGate(plans(), state, false, () => now);
      try {
        gate.take('getOrders');
        sent++;
      } catch (err) {
        if (!(err instanceof RateWait)) throw err;
      }
      state = gate.snapshot();
    }
    // 1370 s at 0.95/s, plus a burst of at most 3.
    expect(sent).toBeLessThanOrEqual(Math.floor(1370 * 0.95) + 3);
    expect(sent).toBeGreaterThan(1200);
  });

  it('a retried attempt and a 429 start from an empty bucket; the rate header only lowers the rate', () => {
    const now = 5_000_000;
    const full = { getOrders: { tokens: 3, atMs: now } };
    expect(() => new RateGate(plans(), full, true, () => now).take('getOrders')).toThrow(RateWait);
    const gate = new RateGate(plans(), full, false, () => now);
    gate.take('getOrders');
    gate.drain('getOrders');
    expect(() => gate.take('getOrders')).toThrow(RateWait);
    const learning = new RateGate(plans(), undefined, false, () => now);
    learning.learnRate('getOrders', '0.0167');
    learning.learnRate('getOrders', '50');
    try {
      learning.take('getOrders');
    } catch (err) {
      expect((err as RateWait).waitMs).toBeGreaterThan(60_000);
    }
  });
});
