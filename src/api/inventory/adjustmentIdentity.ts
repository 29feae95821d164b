import { createHash } from 'node:crypto';
import { HttpError } from '../httpError';

/**
 * Who an inventory adjustment is: the client's `adjustmentId` (one business event, whoever sends
 * it) and/or the Idempotency-Key it came with (per API key, like the middleware's records). Stored
 * on its ledger row under unique constraints, forever: a retry can never apply it a second time.
 */
export interface AdjustmentIdentity {
  adjustmentId?: string;
  idempotency?: { scope: string; key: string };
}

export interface AdjustmentRequest {
  sku: string;
  locationId: string;
  /** Exactly one of delta and countedOnHand (a cycle count). */
  delta?: number;
  countedOnHand?: number;
  reason: string;
  note?: string;
  /** The client's identity for this adjustment: sent again, it is answered, never applied again. */
  adjustmentId?: string;
}

/** The request an identity names, in a fixed field order (so JSON key order never matters). */
export function adjustmentHash(a: AdjustmentRequest): string {
  const canonical = [a.sku, a.locationId, a.delta ?? null, a.countedOnHand ?? null, a.reason, a.note ?? null, a.adjustmentId ?? null];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function hasIdentity(id: AdjustmentIdentity): boolean {
  return id.adjustmentId !== undefined || id.idempotency !== undefined;
}

/** The stored row an identity matched belongs to another request: which field is reused. */
export function identityConflict(id: AdjustmentIdentity, stored: { adjustmentId: string | null }): HttpError {
  if (id.adjustmentId !== undefined && stored.adjustmentId === id.adjustmentId) {
    return new HttpError(409, 'adjustment_conflict', `adjustment ${id.adjustmentId} was already applied with a different request`, [
      { field: 'body.adjustmentId', message: 'already names another adjustment (SKU, location, quantity, reason or note differ)' },
    ]);
  }
  return new HttpError(422, 'idempotency_key_mismatch', 'this Idempotency-Key was used for a different inventory adjustment', [
    { field: 'header.Idempotency-Key', message: 'already names another adjustment' },
  ]);
}
