import express, { Router } from 'express';
import type { AmazonSimState } from './amazonState';
import { fail, spAuthorizer } from './authorize';

const CANCEL_REASONS = [
  'NoInventory',
  'ShippingAddressUndeliverable',
  'CustomerExchange',
  'BuyerCanceled',
  'GeneralAdjustment',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'CustomerReturn',
  'MerchandiseNotReceived',
];

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1].trim());

/**
 * The Feeds API 2021-06-30 as a seller uses it (createFeedDocument, the upload to the presigned
 * URL, createFeed, getFeed), processing order acknowledgement feeds at once: an
 * OrderAcknowledgement with StatusCode Failure cancels an order nothing of which has shipped, as
 * Amazon does; what it cannot apply is kept as the feed's errors (Amazon's processing report).
 */
export function feedRoutes(state: AmazonSimState): Router {
  const router = Router();
  const authorize = spAuthorizer(state);

  router.post('/feeds/2021-06-30/documents', (req, res) => {
    if (!authorize('createFeedDocument', req, res)) return;
    const contentType = (req.body as { contentType?: unknown })?.contentType;
    if (typeof contentType !== 'string' || contentType === '') return fail(res, 400, 'InvalidInput', 'contentType is required.');
    const feedDocumentId = `amzn1.tortuga.4.na.sim${state.feedDocuments.size + 1}`;
    state.feedDocuments.set(feedDocumentId, { contentType });
    res.status(201).json({ feedDocumentId, url: `${req.protocol}://${req.get('host')}/amazon-feed-uploads/${encodeURIComponent(feedDocumentId)}` });
  });

  // The presigned URL (S3's, at Amazon): no SP-API token, the document's content type.
  router.put('/amazon-feed-uploads/:id', express.text({ type: () => true, limit: '10mb' }), (req, res) => {
    const doc = state.feedDocuments.get(String(req.params.id));
    if (!doc) return void res.status(403).send('<Error><Code>AccessDenied</Code></Error>');
    if (req.get('content-type') !== doc.contentType) return void res.status(403).send('<Error><Code>SignatureDoesNotMatch</Code></Error>');
    doc.content = String(req.body);
    res.status(200).end();
  });

  router.post('/feeds/2021-06-30/feeds', (req, res) => {
    if (!authorize('createFeed', req, res)) return;
    const body = req.body as { feedType?: unknown; marketplaceIds?: unknown; inputFeedDocumentId?: unknown };
    if (typeof body?.feedType !== 'string' || !Array.isArray(body.marketplaceIds) || body.marketplaceIds.length === 0 || typeof body.inputFeedDocumentId !== 'string')
      return fail(res, 400, 'InvalidInput', 'feedType, marketplaceIds and inputFeedDocumentId are required.');
    const doc = state.feedDocuments.get(body.inputFeedDocumentId);
    if (!doc?.content) return fail(res, 400, 'InvalidInput', 'inputFeedDocumentId: upload the feed document before calling createFeed.');
    const feedId = String(50000 + state.feeds.length + 1);
    const result = body.feedType === 'POST_ORDER_ACKNOWLEDGEMENT_DATA' ? applyAcknowledgements(state, doc.content) : { cancelled: [], errors: [] };
    state.feeds.push({ feedId, feedType: body.feedType, marketplaceIds: body.marketplaceIds.map(String), createdTime: new Date().toISOString(), content: doc.content, ...result });
    res.status(202).json({ feedId });
  });

  return router;
}

function applyAcknowledgements(state: AmazonSimState, xml: string): { cancelled: string[]; errors: string[] } {
  const cancelled: string[] = [];
  const errors: string[] = [];
  if (tag(xml, 'MessageType')[0] !== 'OrderAcknowledgement') return { cancelled, errors: ['MessageType must be OrderAcknowledgement'] };
  for (const ack of tag(xml, 'OrderAcknowledgement')) {
    const orderId = tag(ack, 'AmazonOrderID')[0] ?? '';
    const bundle = state.orders.get(orderId);
    if (!bundle) errors.push(`${orderId}: no such order`);
    else if (tag(ack, 'StatusCode')[0] !== 'Failure') continue;
    else if (bundle.items.some((i) => (i.QuantityShipped ?? 0) > 0)) errors.push(`${orderId}: items already shipped`);
    else if (
      tag(ack, 'Item').some(
        (item) => !bundle.items.some((i) => i.OrderItemId === tag(item, 'AmazonOrderItemCode')[0]) || !CANCEL_REASONS.includes(tag(item, 'CancelReason')[0] ?? ''),
      )
    )
      errors.push(`${orderId}: an Item names an unknown AmazonOrderItemCode or CancelReason`);
    else {
      state.upsert({ ...bundle, order: { ...bundle.order, OrderStatus: 'Canceled' } });
      cancelled.push(orderId);
    }
  }
  return { cancelled, errors };
}
