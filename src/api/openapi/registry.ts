import type { z } from 'zod';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) written by hand or generated from zod. */
export type JsonSchema = Record<string, unknown>;

/** Error statuses an operation may answer; each maps to a shared response in the document. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  /** The full Express path, e.g. /api/v1/orders/:orderId; the document writes {orderId}. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /**
   * A channel's signed native webhook (HMAC headers instead of an API key). Other operations take
   * their roles from the auth role table (src/api/auth/roles.ts), so the two cannot disagree.
   */
  webhook?: true | 'shopify';
  /**
   * The very zod objects the route's validate() middleware uses, so the document cannot drift
   * from what the API accepts.
   */
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body, or (contentType) a text body of that media type described by `json`, e.g. the products CSV import. */
  body?: { schema: z.ZodType; name: string } | { json: JsonSchema; contentType?: 'text/csv' };
  /** Request headers beyond the security schemes (documentation only). */
  headers?: { name: string; description: string; required: boolean; schema?: JsonSchema }[];
  responses: SuccessResponse[];
  errors: ErrorStatus[];
}

export interface SuccessResponse {
  status: number;
  description: string;
  /** A schema, or a $ref name under components.schemas; omitted for a non-JSON body. */
  schema?: JsonSchema | string;
  contentType?: string;
}

/** Errors every route with a JSON body can answer before it runs: body parser failures and validation. */
export const BODY_ERRORS: ErrorStatus[] = [400, 413, 415];
