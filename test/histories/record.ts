// Records workflow histories for the replay tests:
// `npx tsx test/histories/record.ts [--suffix <word>] [scenario...]` (no names: all scenarios).
// A file is never overwritten: to re-record a path, delete its file first. Every file must be
// listed in test/replay/histories.ts (the replay suite fails on a file it does not list).
// When to re-record, and when a change needs patched() instead: docs/versioning.md.
// Each order history is saved once its workflow has completed, so it replays the whole story.
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { startEphemeralStack } from '../../src/infra/ephemeralStack';
import { createSku, eventually, orderPayload } from '../support/fixtures';
import { startTestHub, type TestHub, type TestHubOptions } from '../support/testHub';
import { pauseOrderWorkerWhenIdle, stopOrderWorkers } from '../support/orderWorkerPause';
import { orderStateQuery } from '../../src/workflows/messages';
import { atRest, historyFile, saveHistory } from './saveHistory';
import { marketplaceHubOptions, marketplaceScenarios } from './marketplaceScenarios';
import { returnHubOptions, returnScenarios } from './returnScenarios';

/** Returns the workflow ID (or order ID) whose history to keep. */
type Scenario = (t: TestHub) => Promise<string>;

/** Scenarios driven by a timer run on a hub whose timeouts are seconds instead of hours or days. */
const hubOptions: Record<string, TestHubOptions> = {
  'payment-timeout-cancelled': { paymentTimeoutMs: 2_000 },
  'backorder-timeout-prepaid-refunded-cancelled': { backorderTimeoutMs: 2_000 },
  'hold-sla-escalated-released-delivered': { holdSlaMs: { fraud_review: 1_500 } },
  ...marketplaceHubOptions,
  ...returnHubOptions,
};

const terminal = async (t: TestHub, orderId: string, status: string) =>
  eventually(async () => {
    const o = (await t.api.get(`/api/v1/orders/${orderId}`)).body;
    if (o.status !== status) throw new Error(`${orderId} is ${o.status}, waiting for ${status}`);
    return o;
  }, 60_000);

const tracking = async (t: TestHub, orderId: string, parcels: number): Promise<string[]> =>
  eventually(async () => {
    const o = (await t.api.get(`/api/v1/orders/${orderId}`)).body;
    const numbers = o.shipments.map((s: { trackingNumber: string | null }) => s.trackingNumber).filter(Boolean);
    if (numbers.length !== parcels || o.fulfillmentStatus !== 'label_created') throw new Error('labels not bought yet');
    return numbers;
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const carrier = (t: TestHub, trackingNumber: string, type: string) => t.api.post('/api/v1/carrier/events').send({ trackingNumber, type });

const reaches = (t: TestHub, orderId: string, check: (o: Record<string, unknown> & { status: string }) => boolean, what: string) =>
  eventually(async () => {
    const o = (await t.api.get(`/api/v1/orders/${orderId}`)).body;
    if (!check(o)) throw new Error(`${orderId} is ${o.status}, waiting for ${what}`);
  });

const pay = (t: TestHub, orderId: string, amount: string, reference: string) =>
  eventually(async () => {
    const res = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount, currency: 'USD', reference });
    if (res.status !== 200) throw new Error(`payment: ${res.status}`);
  });

const scenarios: Record<string, Scenario> = {
  'paid-single-parcel-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2 }))).body;
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'dispatched');
    await carrier(t, tn, 'in_transit');
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'unpaid-then-paid-two-parcels-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2, 'WH-WEST': 2 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3, unitPrice: '10.00', shippingPrice: '0', paid: false }))).body;
    await eventually(async () => {
      const res = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '30.00', currency: 'USD', reference: 'psp-rec' });
      if (res.status !== 200) throw new Error(`payment: ${res.status}`);
    });
    const [a, b] = await tracking(t, orderId, 2);
    await carrier(t, a, 'dispatched');
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'partially_shipped') throw new Error('not yet');
    });
    await carrier(t, b, 'delivered'); // delivered without a dispatch event
    await carrier(t, a, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'authorized-on-shipment-two-parcels-delivered': async (t) => {
    const channel = `capture-rec-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Captures at shipment', kind: 'webstore', capturePolicy: 'on_shipment' } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 1, 'WH-WEST': 2 });
    const payment = { status: 'authorized', transactions: [{ kind: 'authorization', amount: '35.00', reference: 'auth-rec' }] };
    const { orderId } = (await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, channel, quantity: 3, unitPrice: '10.00' }), payment })).body;
    const [a, b] = await tracking(t, orderId, 2);
    await carrier(t, a, 'dispatched');
    await carrier(t, b, 'dispatched');
    await carrier(t, a, 'delivered');
    await carrier(t, b, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'authorized-on-shipment-cancelled-voided': async (t) => {
    const channel = `void-rec-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Captures at shipment', kind: 'webstore', capturePolicy: 'on_shipment' } });
    const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
    const { orderId } = (await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, channel }), payment: { status: 'authorized', reference: 'auth-void-rec' } })).body;
    await tracking(t, orderId, 1);
    await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' });
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'authorized-partial-cancel-released-delivered': async (t) => {
    // on_shipment: 1 of 3 units cancelled before dispatch, its share released from the authorization; the parcel captures the rest.
    const channel = `release-rec-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Captures at shipment', kind: 'webstore', capturePolicy: 'on_shipment' } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 3 });
    const payment = { status: 'authorized', reference: 'auth-release-rec' };
    const { orderId } = (await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, channel, quantity: 3, unitPrice: '10.00' }), payment })).body;
    await tracking(t, orderId, 1);
    const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request', lines: [{ lineId: 1, quantity: 1 }] });
    if (res.status !== 200) throw new Error(`partial cancel: ${res.status}`);
    const tn = res.body.shipments[0].trackingNumber as string;
    await carrier(t, tn, 'dispatched');
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'authorized-on-order-partial-cancel-refunded-then-cancelled': async (t) => {
    // on_order (captured at once): 1 of 3 units refunded through the gateway under its request id, then the full cancel refunds the rest.
    const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
    const payment = { status: 'authorized', reference: 'auth-refund-share-rec' };
    const { orderId } = (await t.api.post('/api/v1/orders').send({ ...orderPayload({ sku, quantity: 3, unitPrice: '10.00' }), payment })).body;
    await tracking(t, orderId, 1);
    const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request', lines: [{ lineId: 1, quantity: 1 }] });
    if (res.status !== 200) throw new Error(`partial cancel: ${res.status}`);
    await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' });
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'cancelled-before-dispatch': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body;
    await tracking(t, orderId, 1);
    await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' });
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'partial-cancel-relabelled-delivered': async (t) => {
    // 1 of 3 units cancelled after the label: share refunded, label bought again for 2, delivered.
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 3, unitPrice: '25.00' }))).body;
    const [old] = await tracking(t, orderId, 1);
    const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request', lines: [{ lineId: 1, quantity: 1 }] });
    if (res.status !== 200) throw new Error(`partial cancel: ${res.status}`);
    const tn = res.body.shipments[0].trackingNumber as string;
    if (tn === old) throw new Error('label not bought again');
    await carrier(t, tn, 'dispatched');
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'partial-cancel-then-cancelled': async (t) => {
    // 1 of 2 units, then the whole order: the full cancel refunds only the rest.
    const sku = await createSku(t.hub.db, { 'WH-WEST': 3 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, unitPrice: '10.00' }))).body;
    await tracking(t, orderId, 1);
    const res = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ lines: [{ sku, quantity: 1, reason: 'customer request' }] });
    if (res.status !== 200) throw new Error(`partial cancel: ${res.status}`);
    await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' });
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'insufficient-stock': async (t) => {
    // Orders wait for stock by default; a channel with the cancel policy cancels at once.
    const channel = `cancel-rec-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Cancels when short', kind: 'webstore', backorderPolicy: 'cancel' } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, channel }))).body;
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'backordered-then-received-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 0 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2 }))).body;
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'backordered') throw new Error('not yet');
    });
    await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 2, reason: 'receipt' });
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'dispatched');
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'backordered-prepaid-cancelled': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 0 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body;
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'backordered') throw new Error('not yet');
    });
    await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' });
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'inventory-sync-burst': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 5 });
    for (let i = 0; i < 6; i++) await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt' });
    await eventually(async () => {
      const calls = t.sim.state.journal.list({ operation: 'setInventory' }).filter((c) => c.path.endsWith(`/${sku}`));
      if (calls.length < 4) throw new Error('no push yet');
    });
    await new Promise((r) => setTimeout(r, 1000));
    return `inventory-sync:${sku}`;
  },
  'payment-failed': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, unitPrice: '5.00', shippingPrice: '0', paid: false }))).body;
    await eventually(async () => {
      const res = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '5.00', currency: 'USD', reference: 'psp-f', status: 'failed' });
      if (res.status !== 200) throw new Error(`payment: ${res.status}`);
    });
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'rules-fraud-hold-released-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, unitPrice: '650.00' }))).body;
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'on_hold') throw new Error('not on hold yet');
    });
    await t.api.post(`/api/v1/orders/${orderId}/holds`).send({ reason: 'manual' });
    await t.api.post(`/api/v1/orders/${orderId}/holds/fraud_review/release`).send({});
    await t.api.post(`/api/v1/orders/${orderId}/holds/manual/release`).send({});
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'unmapped-sku-mapped-by-listing-delivered': async (t) => {
    // A line known only by its Shopify variant id holds the order; a listing for it maps the line (mapLines) and releases the hold.
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
    const variantId = `${Date.now()}`;
    const payload = orderPayload({ sku });
    const { orderId } = (await t.api.post('/api/v1/orders').send({ ...payload, lines: [{ listing: { variantId }, quantity: 1, unitPrice: '19.99' }] })).body;
    await reaches(t, orderId, (o) => (o.holds as { reason: string }[]).some((h) => h.reason === 'unmapped_sku'), 'the unmapped_sku hold');
    await t.api.post('/api/v1/channels/webstore/listings').send({ sku, variantId });
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'rules-unpaid-address-corrected-relabelled-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
    const payload = orderPayload({ sku, unitPrice: '10.00', shippingPrice: '0', paid: false });
    const { orderId } = (await t.api.post('/api/v1/orders').send(payload)).body;
    await eventually(async () => {
      const res = await t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '10.00', currency: 'USD', reference: 'psp-addr' });
      if (res.status !== 200) throw new Error(`payment: ${res.status}`);
    });
    const [first] = await tracking(t, orderId, 1);
    const corrected = await t.api.put(`/api/v1/orders/${orderId}/shipping-address`).send({ address: { ...payload.shippingAddress, line1: '2 Navy Way' } });
    const second = corrected.body.shipments?.[0]?.trackingNumber;
    if (corrected.status !== 200 || !second || second === first) throw new Error(`relabel failed: ${corrected.status} ${JSON.stringify(corrected.body)}`);
    await t.api.post(`/api/v1/orders/${orderId}/rules/evaluate`).send({});
    await carrier(t, second, 'dispatched');
    await carrier(t, second, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'rules-reserve-available-received-delivered': async (t) => {
    const channel = `partial-rec-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Partial', kind: 'webstore', backorderPolicy: 'reserve_available' } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, quantity: 2, channel }))).body;
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'backordered') throw new Error('not yet');
    });
    await t.api.post('/api/v1/inventory/adjustments').send({ sku, locationId: 'WH-EAST', delta: 1, reason: 'receipt' });
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'attention-carrier-refused-retried-delivered': async (t) => {
    // A 4xx is not retried: the step needs attention at once.
    t.sim.state.faults.apply({ carrier: { failureRate: 1, status: 422 } });
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body;
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'needs_attention') throw new Error('not yet');
    });
    t.sim.state.faults.reset();
    await t.api.post(`/api/v1/orders/${orderId}/integration/retry`).send({});
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'cancel-racing-payment-refunded': async (t) => {
    // Payment and cancel in one workflow task (the order worker is stopped while both arrive).
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
    const { orderId, workflowId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, unitPrice: '10.00', shippingPrice: '0', paid: false }))).body;
    await eventually(async () => {
      if ((await t.api.get(`/api/v1/orders/${orderId}`)).body.status !== 'awaiting_payment') throw new Error('not yet');
    });
    const paused = await pauseOrderWorkerWhenIdle(t, workflowId);
    const paying = Promise.resolve(t.api.post(`/api/v1/orders/${orderId}/payment`).send({ amount: '10.00', currency: 'USD', reference: 'psp-race' }));
    // The payment has reached the order (a workflow task waits for a worker), then the cancel follows.
    await eventually(async () => {
      if (!(await t.hub.temporal.workflow.getHandle(workflowId).describe()).raw.pendingWorkflowTask) throw new Error('not yet');
    });
    const cancelling = Promise.resolve(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    await sleep(1500);
    await paused.resume();
    await Promise.all([paying, cancelling]);
    const o = await terminal(t, orderId, 'cancelled');
    if (o.paymentStatus !== 'refunded') throw new Error(`payment ${o.paymentStatus}, expected refunded`);
    return orderId;
  },
  'refund-failed-retried-cancelled': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body;
    await tracking(t, orderId, 1);
    // A 4xx is not retried: the refund needs attention at once.
    t.sim.state.faults.apply({ channel: { failureRate: 1, status: 422 } });
    const cancelled = await t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' });
    if (cancelled.body.status !== 'needs_attention') throw new Error(`cancel answered ${cancelled.status} ${cancelled.body.status}`);
    t.sim.state.faults.reset();
    await t.api.post(`/api/v1/orders/${orderId}/integration/retry`).send({});
    const o = await terminal(t, orderId, 'cancelled');
    if (o.paymentStatus !== 'refunded') throw new Error(`payment ${o.paymentStatus}, expected refunded`);
    return orderId;
  },
  'address-correction-racing-cancel-voided': async (t) => {
    // The cancel arrives while the correction is relabelling (carrier down), and waits for it.
    const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
    const payload = orderPayload({ sku });
    const { orderId, workflowId } = (await t.api.post('/api/v1/orders').send(payload)).body;
    const [first] = await tracking(t, orderId, 1);
    t.sim.state.faults.apply({ carrier: { failureRate: 1, status: 503 } });
    const correcting = Promise.resolve(t.api.put(`/api/v1/orders/${orderId}/shipping-address`).send({ address: { ...payload.shippingAddress, line1: '2 Navy Way' } }));
    await eventually(async () => {
      if (!t.sim.state.journal.list({ operation: 'voidShipment' }).some((c) => c.faulted && c.params.trackingNumber === first)) throw new Error('not yet');
    });
    const cancelling = Promise.resolve(t.api.post(`/api/v1/orders/${orderId}/cancel`).send({ reason: 'customer request' }));
    await eventually(async () => {
      if ((await t.hub.temporal.workflow.getHandle(workflowId).query(orderStateQuery)).waitingFor !== 'compensation to finish') throw new Error('not yet');
    });
    t.sim.state.faults.reset();
    await Promise.all([correcting, cancelling]);
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'pickup-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-WEST': 2 });
    const payload = { ...orderPayload({ sku, channel: 'pos' }), fulfillment: { mode: 'pickup', pickupLocationId: 'WH-WEST' } };
    const { orderId } = (await t.api.post('/api/v1/orders').send(payload)).body;
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'payment-timeout-cancelled': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, paid: false }))).body;
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'backorder-timeout-prepaid-refunded-cancelled': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 0 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku }))).body;
    await terminal(t, orderId, 'cancelled');
    return orderId;
  },
  'hold-sla-escalated-released-delivered': async (t) => {
    const sku = await createSku(t.hub.db, { 'WH-EAST': 2 });
    const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, unitPrice: '650.00' }))).body;
    const escalated = (o: Record<string, unknown>) => (o.holds as { reason: string; escalated: boolean }[]).some((h) => h.reason === 'fraud_review' && h.escalated);
    await reaches(t, orderId, escalated, 'the fraud_review hold to escalate');
    await t.api.post(`/api/v1/orders/${orderId}/holds/fraud_review/release`).send({});
    const [tn] = await tracking(t, orderId, 1);
    await carrier(t, tn, 'delivered');
    await terminal(t, orderId, 'delivered');
    return orderId;
  },
  'late-paid-delivered': async (t) => {
    // A rule of this scenario's own channel sets a ship-by 1.8 s after receipt; the order waits for payment past it.
    const channel = `late-rec-${Date.now().toString(36)}`;
    await t.hub.db.channel.create({ data: { id: channel, name: 'Late', kind: 'webstore' } });
    const active = (await t.api.get('/api/v1/rules')).body.rules as unknown[];
    const rush = { id: 'recorder-rush', name: 'Recorder: ship within seconds', enabled: true, order: 5, when: { fact: 'channel', op: 'eq', value: channel }, actions: [{ type: 'setShipByHours', hours: 0.0005 }], stopProcessing: false };
    await t.api.put('/api/v1/rules').send({ rules: [...active, rush], comment: 'late scenario' });
    try {
      const sku = await createSku(t.hub.db, { 'WH-EAST': 1 });
      const { orderId } = (await t.api.post('/api/v1/orders').send(orderPayload({ sku, channel, unitPrice: '10.00', shippingPrice: '0', paid: false }))).body;
      await reaches(t, orderId, (o) => o.late === true, 'the late flag');
      await pay(t, orderId, '10.00', 'psp-late');
      const [tn] = await tracking(t, orderId, 1);
      await carrier(t, tn, 'delivered');
      await terminal(t, orderId, 'delivered');
      return orderId;
    } finally {
      await t.api.put('/api/v1/rules').send({ rules: active, comment: 'drop the late rule' });
    }
  },
  ...marketplaceScenarios,
  ...returnScenarios,
};

/**
 * Waits until there is nothing more to record: an order workflow has completed; the long-lived
 * inventory-sync and marketplace poller workflows (they never complete, they continue as new) have
 * finished their last task.
 */
async function settled(t: TestHub, workflowId: string): Promise<void> {
  const handle = t.hub.temporal.workflow.getHandle(workflowId);
  // Long-lived workflows (they continue as new) are recorded up to their last finished task.
  if (!workflowId.startsWith('inventory-sync:') && !workflowId.startsWith('marketplace-poller:')) {
    await Promise.race([handle.result(), new Promise((_, reject) => setTimeout(() => reject(new Error(`${workflowId} did not complete in 60 s`)), 60_000))]);
    return;
  }
  await eventually(async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    if (!atRest(events.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]))) throw new Error('a workflow task is still open');
  });
}

async function main() {
  const stopStack = await startEphemeralStack();
  let t: TestHub | undefined;
  let tuned = false;
  try {
    const args = process.argv.slice(2);
    const at = args.indexOf('--suffix');
    const suffix = at >= 0 ? `-${args.splice(at, 2)[1]}` : '';
    const wanted = args;
    for (const [scenario, run] of Object.entries(scenarios).filter(([n]) => wanted.length === 0 || wanted.includes(n))) {
      const name = `${scenario}${suffix}`;
      if (fs.existsSync(historyFile(name))) {
        console.log(`kept ${path.relative(process.cwd(), historyFile(name))}: it exists (delete it to record it again)`);
        continue;
      }
      // A hub of its own for a scenario with short timeouts; one default hub for the others.
      const options = hubOptions[scenario];
      if (t && (options || tuned)) {
        await stopOrderWorkers(t);
        await t.stop();
        t = undefined;
      }
      t ??= await startTestHub(options ?? {});
      tuned = options !== undefined;
      const id = await run(t);
      const workflowId = id.includes(':') ? id : (await t.hub.db.order.findUniqueOrThrow({ where: { id } })).workflowId;
      await settled(t, workflowId);
      const file = await saveHistory(t.hub.temporal, workflowId, name);
      console.log(`recorded ${path.relative(process.cwd(), file!)} (${JSON.parse(fs.readFileSync(file!, 'utf8')).events.length} events)`);
    }
  } finally {
    if (t) await stopOrderWorkers(t);
    await t?.stop();
    await stopStack();
  }
}

// Exits itself: a pool or timer left open by the hub must not keep a finished recording alive.
main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
