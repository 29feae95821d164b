import { ledgerStatus, openLedger, parcelCapture, recordShareReturn, splitShareReturn, uncapturedMinor, type PaymentLedger } from '../../src/domain/payment';

// A partial cancel of an authorized order: its share is released while uncaptured, refunded once
// captured (through whoever captured it), and the parcels capture only what is left.
const authorized = (totalMinor: number): PaymentLedger => openLedger('web:1', { status: 'authorized', capturePolicy: 'on_shipment' }, totalMinor);

test('before any capture: the whole share is released; the last parcel captures the reduced rest', () => {
  let l = authorized(7101);
  const share = splitShareReturn(l, 2201);
  expect(share).toEqual({ releaseMinor: 2201, gatewayRefundMinor: 0, channelRefundMinor: 0 });
  l = recordShareReturn(l, share);
  expect(uncapturedMinor(l)).toBe(4900);
  expect(ledgerStatus(l)).toBe('authorized');
  const first = parcelCapture(l, 1, 2);
  l = { ...l, gatewayCapturedMinor: first };
  const second = parcelCapture(l, 1, 1);
  expect([first, second]).toEqual([2450, 2450]);
  l = { ...l, gatewayCapturedMinor: first + second };
  expect(ledgerStatus(l)).toBe('paid');
});

test('captured at once: the share is refunded through the gateway; a full cancel then owes only the rest', () => {
  let l: PaymentLedger = { ...authorized(6500), policy: 'on_order', gatewayCapturedMinor: 6500 };
  const share = splitShareReturn(l, 2000);
  expect(share).toEqual({ releaseMinor: 0, gatewayRefundMinor: 2000, channelRefundMinor: 0 });
  l = recordShareReturn(l, share);
  expect(ledgerStatus(l)).toBe('partially_refunded');
  expect(l.gatewayCapturedMinor - l.gatewayRefundedMinor).toBe(4500);
});

test('a share larger than what is left uncaptured: the uncaptured part is released, the excess refunded', () => {
  // 1 cheap unit shipped first captured half the total by units; the dear unit's share exceeds the rest.
  let l = { ...authorized(10100), gatewayCapturedMinor: 5050 };
  const share = splitShareReturn(l, 10000);
  expect(share).toEqual({ releaseMinor: 5050, gatewayRefundMinor: 4950, channelRefundMinor: 0 });
  l = recordShareReturn(l, share);
  expect(uncapturedMinor(l)).toBe(0);
  expect(l.gatewayCapturedMinor - l.gatewayRefundedMinor).toBe(100);
});

test('partially_paid: what the channel captured goes back through the channel, after the authorization and the gateway', () => {
  const l = openLedger('web:2', { status: 'partially_paid', transactions: [{ kind: 'capture', amountMinor: 3000 }] }, 5000);
  expect(splitShareReturn({ ...l, gatewayCapturedMinor: 2000 }, 2500)).toEqual({ releaseMinor: 0, gatewayRefundMinor: 2000, channelRefundMinor: 500 });
  expect(splitShareReturn(l, 2500)).toEqual({ releaseMinor: 2000, gatewayRefundMinor: 0, channelRefundMinor: 500 });
});

test('a ledger from before partial cancels (no releasedMinor) reads as nothing released', () => {
  const { releasedMinor: _, ...old } = authorized(3000);
  expect(uncapturedMinor(old)).toBe(3000);
  expect(recordShareReturn(old, { releaseMinor: 500, gatewayRefundMinor: 0, channelRefundMinor: 0 }).releasedMinor).toBe(500);
});
