import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that make the Temporal Web UI an operations console. Registered with
 * the server by `npm start` (dev server) and by `temporal operator search-attribute create` in
 * other deployments; see README "Operating orderhub".
 */
export const OrderStatusKey = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const OrderChannelKey = defineSearchAttributeKey('OrderChannel', SearchAttributeType.KEYWORD);
export const PaymentStatusKey = defineSearchAttributeKey('PaymentStatus', SearchAttributeType.KEYWORD);
export const CustomerTierKey = defineSearchAttributeKey('CustomerTier', SearchAttributeType.KEYWORD);
export const ExternalOrderIdKey = defineSearchAttributeKey('ExternalOrderId', SearchAttributeType.KEYWORD);
export const OrderTotalMinorKey = defineSearchAttributeKey('OrderTotalMinor', SearchAttributeType.INT);
export const PriorityClassKey = defineSearchAttributeKey('PriorityClass', SearchAttributeType.KEYWORD);
/** Open holds, e.g. `HoldReasons = 'fraud_review'` finds every order waiting for fraud review. */
export const HoldReasonsKey = defineSearchAttributeKey('HoldReasons', SearchAttributeType.KEYWORD_LIST);
/** Open holds that outlived their SLA. */
export const EscalatedHoldsKey = defineSearchAttributeKey('EscalatedHolds', SearchAttributeType.KEYWORD_LIST);
export const ShipByKey = defineSearchAttributeKey('ShipBy', SearchAttributeType.DATETIME);
/** Set when the ship-by deadline passed before the last parcel left. */
export const IsLateKey = defineSearchAttributeKey('IsLate', SearchAttributeType.BOOL);

/** A marketplace poller's watermark (the last complete pass): `PollerCursor < '<an hour ago>'` finds pollers that fell behind. */
export const PollerCursorKey = defineSearchAttributeKey('PollerCursor', SearchAttributeType.DATETIME);
/** A marketplace poller's orders listed or notified and not imported yet. */
export const PollerBacklogKey = defineSearchAttributeKey('PollerBacklog', SearchAttributeType.INT);

/** A return workflow's status (issue 18): `ReturnStatus = 'needs_attention'` finds every return waiting for an operator. */
export const ReturnStatusKey = defineSearchAttributeKey('ReturnStatus', SearchAttributeType.KEYWORD);
/** The order a return belongs to: `ReturnOrderId = '<orderId>'` lists its returns' workflows. */
export const ReturnOrderIdKey = defineSearchAttributeKey('ReturnOrderId', SearchAttributeType.KEYWORD);

/** Every custom attribute (orders, pollers, returns): registered by the dev server's flags and ensureSearchAttributes. */
export const orderSearchAttributes = [
  OrderStatusKey,
  OrderChannelKey,
  PaymentStatusKey,
  CustomerTierKey,
  ExternalOrderIdKey,
  OrderTotalMinorKey,
  PriorityClassKey,
  HoldReasonsKey,
  EscalatedHoldsKey,
  ShipByKey,
  IsLateKey,
  PollerCursorKey,
  PollerBacklogKey,
  ReturnStatusKey,
  ReturnOrderIdKey,
] as const;

/** The CLI's spelling of each type, for `--search-attribute Name=Type`. */
const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

export function searchAttributeCliArgs(): string[] {
  return orderSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]);
}
