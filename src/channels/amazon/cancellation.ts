/**
 * How a merchant-fulfilled (MFN) seller cancels an Amazon order: the order acknowledgement feed
 * (feed type POST_ORDER_ACKNOWLEDGEMENT_DATA, submitted through the Feeds API 2021-06-30) with
 * StatusCode "Failure" and a CancelReason per order item. Orders v0 has no cancel operation and
 * the published models carry no order cancellation otherwise; Amazon refunds the buyer itself
 * (an MFN buyer is charged only when the seller confirms shipment). Never after a shipment
 * confirmation: Amazon would refund the whole order.
 *
 * The XML is the OrderAcknowledgement message of Amazon's feed XSDs (amzn-envelope.xsd,
 * OrderAcknowledgement.xsd): AmazonEnvelope > Header, MessageType, Message > OrderAcknowledgement.
 */
import { reasonKind } from '../reasonKind';

export const ORDER_ACKNOWLEDGEMENT_FEED = 'POST_ORDER_ACKNOWLEDGEMENT_DATA';
export const FEED_CONTENT_TYPE = 'text/xml; charset=UTF-8';

/** The XSD's CancelReason values the hub uses (the others are Amazon's or a buyer's). */
export type AmazonCancelReason = 'NoInventory' | 'ShippingAddressUndeliverable' | 'BuyerCanceled' | 'GeneralAdjustment';

/** The hub's cancel reason (a code or an operator's words) as Amazon's CancelReason. */
export function amazonCancelReason(reason: string): AmazonCancelReason {
  const kind = reasonKind(reason);
  return kind === 'stock' ? 'NoInventory' : kind === 'address' ? 'ShippingAddressUndeliverable' : kind === 'customer' ? 'BuyerCanceled' : 'GeneralAdjustment';
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One order's cancellation as an order acknowledgement feed document. */
export function cancellationFeed(sellerId: string, amazonOrderId: string, orderItemIds: string[], reason: AmazonCancelReason): string {
  const items = orderItemIds
    .map((id) => `      <Item>\n        <AmazonOrderItemCode>${xml(id)}</AmazonOrderItemCode>\n        <CancelReason>${reason}</CancelReason>\n      </Item>\n`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">\n' +
    `  <Header>\n    <DocumentVersion>1.01</DocumentVersion>\n    <MerchantIdentifier>${xml(sellerId)}</MerchantIdentifier>\n  </Header>\n` +
    '  <MessageType>OrderAcknowledgement</MessageType>\n' +
    '  <Message>\n    <MessageID>1</MessageID>\n    <OrderAcknowledgement>\n' +
    `      <AmazonOrderID>${xml(amazonOrderId)}</AmazonOrderID>\n      <StatusCode>Failure</StatusCode>\n${items}` +
    '    </OrderAcknowledgement>\n  </Message>\n</AmazonEnvelope>\n'
  );
}
