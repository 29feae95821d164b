import { Router } from 'express';
import { buildOpenApiDocument } from './document';
import { renderDocsPage } from './docsPage';

// The page has no script and loads nothing from elsewhere; only its inline stylesheet is allowed.
const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** GET /api/v1/openapi.json and GET /api/v1/docs, both built once when the app is created. */
export function openapiRouter(): Router {
  const document = buildOpenApiDocument();
  const page = renderDocsPage(document);
  const router = Router();
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/api/v1/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(page);
  });
  return router;
}
