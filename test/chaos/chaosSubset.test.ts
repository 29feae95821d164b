import { checkEffects } from '../../chaos/effectInvariants';
import { checkInvariants, type InvariantInput } from '../../chaos/invariants';
import { runScenario } from '../../chaos/scenario';
import { duplicateEvents } from '../../chaos/scenarios/duplicateEvents';
import { mixed } from '../../chaos/scenarios/mixed';
import { startInfra, type Infra } from '../../chaos/stack';
import type { CallRecord } from '../../src/simulators';

// The fast subset of `npm run chaos`: the API and the worker run as child processes on the shared
// test stack; 30 orders go through a worker SIGKILL and an ERP outage, and 16 through
// duplicate-events with returns; chaos/invariants.ts judges.
let infra: Infra;
beforeAll(async () => {
  infra = await startInfra();
});
afterAll(() => infra?.stop());

test('30 orders through a worker SIGKILL and a 4 s ERP outage: all delivered, every effect once, stock balanced, no workflow failed', async () => {
  let probed: { doubled: string[]; wrongState: string[]; refunded: string[]; noCrm: string[]; clean: string[] } | undefined;
  const result = await runScenario('mixed', mixed, infra, {
    orders: 30,
    env: {},
    // The same checks must notice a broken run: an effect done under a second key, an order in the
    // wrong state, a delivered order refunded, an order the CRM never heard of.
    afterCheck: async (input: InvariantInput) => {
      const calls = input.journal.list();
      const salesOrder = calls.find((c) => c.operation === 'createSalesOrder' && c.status < 300 && !c.duplicate)!;
      const forged: CallRecord = { ...salesOrder, seq: -1, idempotencyKey: `${salesOrder.idempotencyKey}-again` };
      const doubled = await checkInvariants({ ...input, journal: { list: () => [...calls, forged] } });
      const wrongState = await checkInvariants({ ...input, orders: input.orders.map((o, i) => (i === 0 ? { ...o, expected: 'cancelled' as const } : o)) });
      // The effect rules alone (no second pass over Temporal): a refund on a delivered order, no CRM calls at all.
      const refund: CallRecord = {
        ...salesOrder,
        seq: -2,
        system: 'channel',
        operation: 'createRefund',
        idempotencyKey: `${salesOrder.idempotencyKey!.split(':')[0]}:channel.refund`,
      };
      const shipments = await input.db.shipment.groupBy({
        by: ['orderId'],
        where: { orderId: { in: input.orders.map((o) => o.orderId) }, status: { not: 'voided' } },
        _count: { _all: true },
      });
      const parcels = new Map(shipments.map((s) => [s.orderId, s._count._all]));
      const refunded = checkEffects(input.orders, [...calls, refund], parcels);
      const noCrm = checkEffects(
        input.orders,
        calls.filter((c) => c.system !== 'crm'),
        parcels,
      );
      const clean = await checkInvariants(input);
      probed = { doubled: doubled.failures, wrongState: wrongState.failures, refunded: refunded.failures, noCrm: noCrm.failures, clean: clean.failures };
    },
  });
  expect(result.failures).toEqual([]);
  expect(result.figures).toMatchObject({ orders: 30, completed: 30, workerKills: 1, workflowsFailed: 0, workflowsStillRunning: 0 });
  expect(result.figures.partnerFaults).toBeGreaterThan(0); // the outage really happened
  expect(result.figures.partnerRetries).toBeGreaterThan(0);

  expect(probed?.clean).toEqual([]);
  expect(probed?.doubled.join('\n')).toMatch(/createSalesOrder done under 2 keys/);
  expect(probed?.wrongState.join('\n')).toMatch(/is delivered, expected cancelled/);
  expect(probed?.refunded).toEqual([expect.stringMatching(/^delivered order .*: channel\.createRefund happened$/)]);
  expect(probed?.noCrm.join('\n')).toMatch(/crm\.upsertCustomer done under 0 keys/);
}, 150_000);

test('duplicate-events with returns: 16 orders, every webhook, carrier event, cancel, return request and receipt repeated; 5 returns (2 whole, 2 part, 1 exchange) each settled once', async () => {
  // Every 3rd delivered order goes back: at 16 orders that is each kind, prepaid (channel refund) and authorized (gateway refund).
  const result = await runScenario('duplicate-events', duplicateEvents, infra, { orders: 16, env: { CHAOS_RETURN_EVERY: '3' } });
  expect(result.failures).toEqual([]);
  expect(result.figures).toMatchObject({ orders: 16, completed: 16, cancelled: 2, returns: 5, returnsExchanged: 1, workflowsFailed: 0, workflowsStillRunning: 0 });
  expect(result.figures.hubDuplicatesAbsorbed).toBeGreaterThan(0);
}, 150_000);
