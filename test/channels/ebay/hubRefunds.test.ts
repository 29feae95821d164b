// The poller's view of an order without the refunds the hub issued itself (src/channels/ebay/hubRefunds.ts).
import { refundsMadeOnEbay, withoutRefunds } from '../../../src/channels/ebay/hubRefunds';
import { followUpsForKnownOrder } from '../../../src/channels/ebay/mapOrder';
import type { EbayOrder } from '../../../src/channels/ebay/types';
import noSku from '../../fixtures/ebay/no-sku.json';

const refund = (refundId: string, value: string) => ({ refundId, amount: { value, currency: 'USD' }, refundStatus: 'REFUNDED' });
const refunded = (refunds: ReturnType<typeof refund>[]): EbayOrder =>
  ({ ...noSku, orderPaymentStatus: 'PARTIALLY_REFUNDED', paymentSummary: { ...noSku.paymentSummary, refunds } }) as EbayOrder;
const hub = { status: 'backordered', paymentStatus: 'paid', openHoldNotes: [] };

it('a partial refund the hub issued is no news: no hold', () => {
  const order = refunded([refund('5200000001', '10.00')]);
  expect(followUpsForKnownOrder(order, hub)).toEqual([expect.objectContaining({ kind: 'hold' })]);
  expect(followUpsForKnownOrder(withoutRefunds(order, new Set(['5200000001'])), hub)).toEqual([]);
});

it('a refund made on eBay besides the hub’s still holds the order, and names only its own amount', () => {
  const seen = withoutRefunds(refunded([refund('5200000001', '10.00'), refund('5200000002', '20.00')]), new Set(['5200000001']));
  expect(seen.orderPaymentStatus).toBe('PARTIALLY_REFUNDED');
  expect(followUpsForKnownOrder(seen, hub)).toEqual([{ kind: 'hold', note: expect.stringContaining('20.00 USD') }]);
});

it('refunds made on eBay become the channel refunds a hub cancel counts; the hub’s own, failed ones and other currencies do not', () => {
  const order = refunded([
    refund('5200000001', '10.00'),
    refund('5200000002', '20.00'),
    { ...refund('5200000003', '5.00'), refundStatus: 'FAILED' },
    { ...refund('5200000004', '7.00'), amount: { value: '7.00', currency: 'EUR' } },
  ]);
  const seen = withoutRefunds(order, new Set(['5200000001']));
  expect(refundsMadeOnEbay(seen, 'USD')).toEqual([{ id: '5200000002', amount: '20.00' }]);
  expect(
    refundsMadeOnEbay({ ...order, paymentSummary: { ...order.paymentSummary, refunds: [{ ...refund('5200000005', '3.00'), refundDate: '2026-11-30T10:00:00.000Z' }] } }, 'USD'),
  ).toEqual([{ id: '5200000005', amount: '3.00', at: '2026-11-30T10:00:00.000Z' }]);
});
