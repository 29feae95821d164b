// What the hub sends Amazon, checked against the published SP-API models (test/fixtures/amazon/models,
// see test/fixtures/README.md), then sent through the client to the simulator.
import { confirmShipmentRequest, createFeedDocumentRequest, createFeedRequest, fulfillmentAvailabilityPatch, packageReferenceId } from '../../../src/channels/amazon/outbound';
import { amazonCancelReason, cancellationFeed, FEED_CONTENT_TYPE, ORDER_ACKNOWLEDGEMENT_FEED } from '../../../src/channels/amazon/cancellation';
import { createSpApiClient } from '../../../src/channels/amazon/spApiClient';
import { RateGate } from '../../../src/channels/amazon/rateGate';
import { AMAZON_USAGE_PLANS } from '../../../src/channels/amazon/activities';
import { startSimulators, type RunningSimulators } from '../../../src/simulators';
import { swaggerProblems } from '../../support/swaggerSchema';
import ordersModel from '../../fixtures/amazon/models/ordersV0.json';
import listingsModel from '../../fixtures/amazon/models/listingsItems_2021-08-01.json';
import feedsModel from '../../fixtures/amazon/models/feeds_2021-06-30.json';
import mfn from '../../fixtures/amazon/mfn-unshipped.json';

const parcel = {
  shipmentId: 'c1b7e2a0-0000-4000-8000-000000000001',
  carrier: 'UPS',
  service: 'UPS Ground',
  trackingNumber: '1Z999AA10123456784',
  shippedAt: new Date('2026-11-30T10:00:00Z'),
  lines: [
    { channelLineId: '05015851154158', quantity: 1 },
    { channelLineId: '79039765272157', quantity: 2 },
  ],
};

describe('Amazon outbound request shapes', () => {
  it('a shipment confirmation is a ConfirmShipmentRequest of ordersV0.json', () => {
    const body = confirmShipmentRequest('ATVPDKIKX0DER', parcel);
    expect(swaggerProblems(ordersModel as never, 'ConfirmShipmentRequest', body)).toEqual([]);
    expect(body.packageDetail.orderItems).toEqual([
      { orderItemId: '05015851154158', quantity: 1 },
      { orderItemId: '79039765272157', quantity: 2 },
    ]);
    // A carrier Amazon has no code for goes as Other with its name (required then by the model's description).
    expect(confirmShipmentRequest('ATVPDKIKX0DER', { ...parcel, carrier: 'Sim Parcel Co' }).packageDetail).toMatchObject({ carrierCode: 'Other', carrierName: 'Sim Parcel Co' });
  });

  it('the package reference is a positive number, as PackageReferenceId requires, and the same for the same parcel', () => {
    const ref = confirmShipmentRequest('ATVPDKIKX0DER', parcel).packageDetail.packageReferenceId;
    expect(ref).toMatch(/^[1-9]\d*$/);
    expect(Number.isSafeInteger(Number(ref))).toBe(true);
    expect(packageReferenceId(parcel.shipmentId)).toBe(ref);
    expect(packageReferenceId('c1b7e2a0-0000-4000-8000-000000000002')).toBe(ref); // the first 52 bits name the parcel
    expect(packageReferenceId('d1b7e2a0-0000-4000-8000-000000000001')).not.toBe(ref);
    expect(packageReferenceId('42')).toBe('42');
  });

  it('a cancellation is an order acknowledgement feed (Failure, a CancelReason per item) sent through CreateFeedDocumentSpecification and CreateFeedSpecification', () => {
    expect(swaggerProblems(feedsModel as never, 'CreateFeedDocumentSpecification', createFeedDocumentRequest(FEED_CONTENT_TYPE))).toEqual([]);
    expect(swaggerProblems(feedsModel as never, 'CreateFeedSpecification', createFeedRequest(ORDER_ACKNOWLEDGEMENT_FEED, ['ATVPDKIKX0DER'], 'amzn1.tortuga.4.na.x'))).toEqual([]);
    expect(swaggerProblems(feedsModel as never, 'CreateFeedSpecification', createFeedRequest(ORDER_ACKNOWLEDGEMENT_FEED, [], 'x'))).not.toEqual([]);
    const xml = cancellationFeed('A2TESTSELLER', '902-1845936-5435065', ['05015851154158'], amazonCancelReason('out of stock'));
    expect(xml).toContain('<MessageType>OrderAcknowledgement</MessageType>');
    expect(xml).toContain('<AmazonOrderID>902-1845936-5435065</AmazonOrderID>\n      <StatusCode>Failure</StatusCode>');
    expect(xml).toContain('<AmazonOrderItemCode>05015851154158</AmazonOrderItemCode>\n        <CancelReason>NoInventory</CancelReason>');
    expect(['customer request', 'address undeliverable', 'fraud'].map(amazonCancelReason)).toEqual(['BuyerCanceled', 'ShippingAddressUndeliverable', 'GeneralAdjustment']);
  });

  it('a stock update is a ListingsItemPatchRequest of listingsItems_2021-08-01.json', () => {
    expect(swaggerProblems(listingsModel as never, 'ListingsItemPatchRequest', fulfillmentAvailabilityPatch('PRODUCT', 7))).toEqual([]);
  });

  it('the checker catches a wrong shape', () => {
    const { packageDetail } = confirmShipmentRequest('ATVPDKIKX0DER', parcel);
    const { trackingNumber: _t, ...withoutTracking } = packageDetail;
    expect(swaggerProblems(ordersModel as never, 'ConfirmShipmentRequest', { marketplaceId: 'ATVPDKIKX0DER', packageDetail: withoutTracking })).toEqual([
      'ConfirmShipmentRequest.packageDetail.trackingNumber: required',
    ]);
  });

  describe('through the client to the simulator', () => {
    let sim: RunningSimulators;
    beforeAll(async () => {
      sim = await startSimulators({ port: 0 });
    });
    afterAll(() => sim.stop());

    it('confirms a shipment and sets a quantity', async () => {
      await fetch(`${sim.url}/admin/amazon/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mfn) });
      const now = Date.now();
      const gate = new RateGate({ ...AMAZON_USAGE_PLANS }, { confirmShipment: { tokens: 10, atMs: now }, patchListingsItem: { tokens: 5, atMs: now } }, false);
      const client = createSpApiClient({
        channelId: 'outbound-test',
        endpoints: { spApiUrl: sim.url, lwaUrl: `${sim.url}/auth/o2/token` },
        credentials: { clientId: 'c', clientSecret: 's', refreshToken: 'Atzr|outbound' },
        gate,
      });
      await client.confirmShipment('902-1845936-5435065', confirmShipmentRequest('ATVPDKIKX0DER', parcel));
      await client.setQuantity('A2TESTSELLER', 'NABetaASINB00551Q3CS', ['ATVPDKIKX0DER'], 'PRODUCT', 7);
      const stats = (await (await fetch(`${sim.url}/admin/amazon/stats`)).json()) as { shipmentConfirmations: unknown[]; listingPatches: unknown[]; overLimit: number };
      expect(stats.shipmentConfirmations).toHaveLength(1);
      expect(stats.listingPatches).toEqual([expect.objectContaining({ sku: 'NABetaASINB00551Q3CS', marketplaceIds: ['ATVPDKIKX0DER'] })]);
      expect(stats.overLimit).toBe(0);
      // Amazon now counts the units as shipped: the same units again are refused, as is a package reference that is not a number.
      await expect(client.confirmShipment('902-1845936-5435065', confirmShipmentRequest('ATVPDKIKX0DER', parcel))).rejects.toThrow(/400 InvalidInput/);
      const order = (await (await fetch(`${sim.url}/admin/amazon/stats`)).json()) as { shipmentConfirmations: unknown[] };
      expect(order.shipmentConfirmations).toHaveLength(1);
      // An unknown order item is refused, as Amazon does.
      await expect(
        client.confirmShipment('902-1845936-5435065', confirmShipmentRequest('ATVPDKIKX0DER', { ...parcel, lines: [{ channelLineId: 'nope', quantity: 1 }] })),
      ).rejects.toThrow(/400 InvalidInput/);
    });
  });
});
