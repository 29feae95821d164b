// Recording scenarios for the return workflow (issue 18; record.ts runs them): each delivers an
// order, opens a return and drives it to its end, and returns the workflow id `return:<returnId>`.
// The happy path (label, scan, receipt, restock, refund through the gateway, credit note, channel
// notice), a refund refused past its budget and retried by an operator, an expiry (a timer), and an
// exchange (the replacement order started after the receipt, nothing refunded: closed).
import { createSku, eventually, orderPayload } from '../support/fixtures';
import type { TestHub, TestHubOptions } from '../support/testHub';

type Scenario = (t: TestHub) => Promise<string>;

export const returnHubOptions: Record<string, TestHubOptions> = {
  'return-refund-failed-retried-refunded': { partnerRetry: { initialIntervalMs: 100, maximumIntervalMs: 300, budgetMs: 1_500 } },
  'return-expired-label-voided': { returnExpiryMs: 2_000 },
};

const orderOf = async (t: TestHub, orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}`)).body;
const returnOf = async (t: TestHub, returnId: string) => (await t.api.get(`/api/v1/returns/${returnId}`)).body;

/** 2 x 10.00 + 5.00 shipping, captured through the gateway at once, delivered. */
async function delivered(t: TestHub, reference: string): Promise<string> {
  t.sim.state.gatewayAuthorizations.authorize(reference, 2500, 'USD');
  const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
  const { orderId } = (await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, quantity: 2, unitPrice: '10.00' }), payment: { status: 'authorized', reference } })).body;
  const tn = await eventually(async () => {
    const o = await orderOf(t, orderId);
    if (!o.shipments[0]?.trackingNumber || o.paymentStatus !== 'paid') throw new Error('label or capture not done yet');
    return o.shipments[0].trackingNumber as string;
  });
  for (const type of ['dispatched', 'delivered']) await t.api.post('/api/v1/carrier/events').send({ trackingNumber: tn, type });
  await eventually(async () => {
    if ((await orderOf(t, orderId)).status !== 'delivered') throw new Error('not delivered yet');
  });
  return orderId;
}

/** `replacements`: an exchange (docs/returns.md "Exchanges"). */
async function open(t: TestHub, orderId: string, quantity: number, replacements?: { sku: string; quantity: number }[]): Promise<string> {
  const res = await t.api.post(`/api/v1/orders/${orderId}/returns`).send({ lines: [{ lineId: 1, quantity, reason: 'recorded' }], ...(replacements && { replacements }) });
  if (res.status !== 201) throw new Error(`open return: ${res.status}`);
  return res.body.returnId as string;
}

async function scanned(t: TestHub, returnId: string): Promise<void> {
  const tn = await eventually(async () => {
    const r = await returnOf(t, returnId);
    if (!r.trackingNumber) throw new Error('no label yet');
    return r.trackingNumber as string;
  });
  await t.api.post('/api/v1/carrier/events').send({ trackingNumber: tn, shipmentId: returnId, type: 'dispatched' });
  await eventually(async () => {
    if ((await returnOf(t, returnId)).status !== 'in_transit') throw new Error('not in transit yet');
  });
}

const receive = async (t: TestHub, returnId: string, lines: object[]) => {
  const res = await t.api.post(`/api/v1/returns/${returnId}/receipt`).send({ lines });
  if (res.status !== 200) throw new Error(`receipt: ${res.status} ${JSON.stringify(res.body)}`);
};

export const returnScenarios: Record<string, Scenario> = {
  'return-received-restocked-refunded': async (t) => {
    const returnId = await open(t, await delivered(t, 'auth-ret-rec'), 2);
    await scanned(t, returnId);
    await receive(t, returnId, [
      { lineId: 1, quantity: 1, condition: 'resellable' },
      { lineId: 1, quantity: 1, condition: 'damaged' },
    ]);
    return `return:${returnId}`;
  },
  'return-refund-failed-retried-refunded': async (t) => {
    const returnId = await open(t, await delivered(t, 'auth-ret-fail-rec'), 1);
    await scanned(t, returnId);
    t.sim.state.faults.apply({ gateway: { failureRate: 1, status: 503 } });
    try {
      await receive(t, returnId, [{ lineId: 1, quantity: 1, condition: 'resellable' }]);
      await eventually(async () => {
        if ((await returnOf(t, returnId)).status !== 'needs_attention') throw new Error('not waiting for an operator yet');
      });
    } finally {
      t.sim.state.faults.reset();
    }
    const res = await t.api.post(`/api/v1/returns/${returnId}/retry`).send({});
    if (res.status !== 200) throw new Error(`retry: ${res.status}`);
    return `return:${returnId}`;
  },
  'return-expired-label-voided': async (t) => `return:${await open(t, await delivered(t, 'auth-ret-exp-rec'), 1)}`,
  'return-exchange-received-replacement-closed': async (t) => {
    // The replacement is another SKU with a free unit: held when the exchange is requested, handed to the replacement order on receipt.
    const swap = await createSku(t.hub.db, { 'WH-EAST': 1 });
    const returnId = await open(t, await delivered(t, 'auth-ret-exch-rec'), 1, [{ sku: swap, quantity: 1 }]);
    await scanned(t, returnId);
    await receive(t, returnId, [{ lineId: 1, quantity: 1, condition: 'resellable' }]);
    return `return:${returnId}`;
  },
};
