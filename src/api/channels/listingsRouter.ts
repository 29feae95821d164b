import { Router } from 'express';
import { requireBody, validate, validated } from '../middleware/validate';
import { createListingSchema, listingParams, listListingsQuery, updateListingSchema, type CreateListingRequest, type UpdateListingRequest } from './listingSchemas';
import type { createListingService } from './listingService';
import { channelParams } from './router';

/** /api/v1/channels/:channel/listings: a channel's own ids for hub SKUs. */
export function listingsRouter(service: ReturnType<typeof createListingService>): Router {
  const router = Router();
  router.get('/:channel/listings', validate({ params: channelParams, query: listListingsQuery }), async (req, res) => {
    res.json(await service.list(String(req.params.channel), validated(res, 'query')));
  });
  router.post('/:channel/listings', validate({ params: channelParams, body: createListingSchema }), async (req, res) => {
    res.status(201).json(await service.create(String(req.params.channel), req.body as CreateListingRequest));
  });
  router.patch('/:channel/listings/:listingId', requireBody, validate({ params: listingParams, body: updateListingSchema }), async (req, res) => {
    res.json(await service.update(String(req.params.channel), String(req.params.listingId), req.body as UpdateListingRequest));
  });
  router.delete('/:channel/listings/:listingId', validate({ params: listingParams }), async (req, res) => {
    await service.remove(String(req.params.channel), String(req.params.listingId));
    res.status(204).end();
  });
  return router;
}
