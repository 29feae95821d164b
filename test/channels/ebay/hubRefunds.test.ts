// The poller's view of an order without the refunds the hub issued itself (src/channels/ebay/hubRefunds.ts).
import { withoutRefunds } from '../../../src/channels/ebay/hubRefunds';
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
