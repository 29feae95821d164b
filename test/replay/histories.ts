// Every recorded history the replay suite replays, with the path of the order it stands for.
// Explicit on purpose: a file that disappears, or one that was added without being listed here,
// fails test/replay (the suite can neither shrink nor grow unnoticed). How and when to record:
// docs/versioning.md and test/histories/record.ts.
export interface RecordedHistory {
  file: string;
  path: string;
}

export const HISTORIES: readonly RecordedHistory[] = [
  { file: '2026-11-30-paid-single-parcel-delivered.json', path: 'prepaid, one parcel: dispatched, in transit, delivered' },
  { file: '2026-11-30-unpaid-then-paid-two-parcels-delivered.json', path: 'paid later, split into two parcels, one delivered without a dispatch event' },
  { file: '2026-11-30-cancelled-before-dispatch.json', path: 'cancel after the label: label voided, stock released, refunded' },
  { file: '2026-11-30-partial-cancel-relabelled-delivered.json', path: 'partial cancel of 1 of 3 units after the label: share refunded, label bought again for 2, delivered' },
  { file: '2026-11-30-partial-cancel-then-cancelled.json', path: 'partial cancel by SKU, then the full cancel: the rest refunded' },
  {
    file: '2026-11-30-authorized-partial-cancel-released-delivered.json',
    path: 'authorized, on_shipment: 1 of 3 units cancelled before dispatch, its share released from the authorization; the parcel captures the rest',
  },
  {
    file: '2026-11-30-authorized-on-order-partial-cancel-refunded-then-cancelled.json',
    path: 'authorized, on_order: 1 of 3 units refunded through the gateway (its own key), then the full cancel refunds the rest',
  },
  { file: '2026-11-30-insufficient-stock.json', path: "short of stock on a channel with the 'cancel' backorder policy" },
  { file: '2026-11-30-backordered-then-received-delivered.json', path: 'backordered, stock received, delivered' },
  { file: '2026-11-30-backordered-prepaid-cancelled.json', path: 'backordered prepaid order cancelled: payment refunded' },
  { file: '2026-11-29-inventory-sync-burst.json', path: 'inventory-sync workflow: a burst of stock changes coalesced (long-lived: ends at its last task)' },
  { file: '2026-11-30-payment-failed.json', path: 'payment reported failed: cancelled' },
  { file: '2026-11-30-rules-fraud-hold-released-delivered.json', path: 'fraud_review hold by the rules, a manual hold, both released by an operator' },
  { file: '2026-11-30-rules-unpaid-address-corrected-relabelled-delivered.json', path: 'address corrected after the label: label voided and bought again; rules re-evaluated' },
  { file: '2026-11-30-rules-reserve-available-received-delivered.json', path: "'reserve_available' policy: part reserved, the rest received later" },
  { file: '2026-11-30-attention-carrier-refused-retried-delivered.json', path: 'label refused past the retry budget: needs_attention, retried by an operator' },
  { file: '2026-11-30-pickup-delivered.json', path: 'point-of-sale pickup: handed over, no parcel' },
  { file: '2026-11-30-cancel-racing-payment-refunded.json', path: 'payment and cancel in one workflow task: the payment is booked and refunded' },
  { file: '2026-11-30-refund-failed-retried-cancelled.json', path: 'refund refused past its budget: needs_attention, retried by an operator, then cancelled' },
  { file: '2026-11-30-address-correction-racing-cancel-voided.json', path: 'cancel waits for a running address correction; both labels voided' },
  { file: '2026-11-30-payment-timeout-cancelled.json', path: 'timer: payment timeout (2 s) cancels an unpaid order' },
  { file: '2026-11-30-backorder-timeout-prepaid-refunded-cancelled.json', path: 'timer: backorder timeout (2 s) cancels a prepaid order and refunds it' },
  { file: '2026-11-30-hold-sla-escalated-released-delivered.json', path: 'timer: a fraud_review hold escalated past its SLA (1.5 s), then released' },
  { file: '2026-11-30-late-paid-delivered.json', path: 'timer: ship-by (1.8 s) passes while awaiting payment: marked late' },
  { file: '2026-11-30-unmapped-sku-mapped-by-listing-delivered.json', path: 'unmapped_sku: a new listing maps the line (mapLines update), the hold is released, delivered' },
  {
    file: '2026-11-30-amazon-poller-pass-and-notification.json',
    path: 'Amazon poller (long-lived): first pass imports an order page, an ORDER_CHANGE notification fetches another at once, then it waits for the next pass',
  },
  { file: '2026-11-30-ebay-poller-pass-and-notification.json', path: 'eBay poller (long-lived): first pass, then an ORDER_CONFIRMATION notification fetched at once' },
  { file: '2026-11-30-shopify-reconcile-pages.json', path: 'Shopify reconciliation run: two pages pulled into the inbox, then done' },
  {
    file: '2026-11-30-return-received-restocked-refunded.json',
    path: 'return of 2 units: label, scan, receipt (1 resellable restocked, 1 damaged), refund through the gateway, credit note, channel notice',
  },
  { file: '2026-11-30-return-refund-failed-retried-refunded.json', path: "return's gateway refund refused past its budget: needs_attention, retried by an operator, refunded" },
  { file: '2026-11-30-return-expired-label-voided.json', path: 'timer: a return whose parcel never ships expires (2 s), its label voided' },
  {
    file: '2026-11-30-return-exchange-received-replacement-closed.json',
    path: 'exchange of 1 unit for another SKU (on_receipt): label, scan, receipt restocked, replacement order started, nothing refunded, credit note, channel notice: closed',
  },
];
