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
