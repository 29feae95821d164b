import { Router } from 'express';
import { HttpError } from '../httpError';
import { requireBody, validate, validated } from '../middleware/validate';
import { createProductSchema, listProductsQuery, skuParams, updateProductSchema, type CreateProductRequest, type UpdateProductRequest } from './schemas';
import type { createProductService } from './service';

/** The catalog's products: admin keys write, ops keys read (src/api/auth/roles.ts). */
export function productsRouter(service: ReturnType<typeof createProductService>): Router {
  const router = Router();
  router.get('/', validate({ query: listProductsQuery }), async (_req, res) => {
    res.json(await service.list(validated(res, 'query')));
  });
  router.post('/', validate({ body: createProductSchema }), async (req, res) => {
    res.status(201).json(await service.create(req.body as CreateProductRequest));
  });
  // The body is the CSV text (read by jsonBodies() for this route, before the idempotency check hashes it).
  router.post('/import', async (req, res) => {
    // No body at all is an empty file (a 400 naming it), not a wrong media type.
    const text = typeof req.body === 'string' ? req.body : req.is('text/csv') || !req.headers['content-type'] ? '' : undefined;
    if (text === undefined) throw new HttpError(415, 'unsupported_media_type', 'this route takes a CSV file (Content-Type: text/csv)');
    res.json(await service.importCsv(text));
  });
  router.get('/:sku', validate({ params: skuParams }), async (req, res) => {
    res.json(await service.get(String(req.params.sku)));
  });
  router.patch('/:sku', requireBody, validate({ params: skuParams, body: updateProductSchema }), async (req, res) => {
    res.json(await service.update(String(req.params.sku), req.body as UpdateProductRequest));
  });
  return router;
}
