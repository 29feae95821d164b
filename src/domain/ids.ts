/**
 * Identifiers with business meaning. The workflow ID comes from the channel and its order ID, so a
 * repeated delivery of the same channel order can never start a second workflow.
 */
export function orderWorkflowId(channel: string, externalId: string): string {
  return `order:${channel}:${externalId}`;
}

/** Idempotency key of one external effect: stable across activity retries and worker restarts. */
export function idempotencyKey(orderId: string, step: string): string {
  return `${orderId}:${step}`;
}

/** One shipment per order and shipping location. */
export function shipmentId(orderId: string, locationId: string): string {
  return `${orderId}-${locationId}`;
}

/** Return ids: "ret_" and 26 lower-case base32 characters (made by the returns service, src/api/returns). */
export const RETURN_ID = /^ret_[0-9a-z]{26}$/;

/** One return workflow per return. */
export function returnWorkflowId(returnId: string): string {
  return `return:${returnId}`;
}

/** The exchange's replacement order: its external id comes from the return, so it can be started only once. */
export function exchangeExternalId(returnId: string): string {
  return `exchange-${returnId}`;
}
