import type { OrderHold } from './holds';
import type { ListingRef } from './listings';
import type { ChannelTotals, PricedOrder } from './pricing/model';
import type { ChannelPayment, PaymentLedger } from './payment';
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from './orderStatus';
import type { PriorityClass, RuleLogEntry } from './rules/types';

export const SHIPPING_SERVICES = ['standard', 'expedited', 'next_day'] as const;
export type ShippingService = (typeof SHIPPING_SERVICES)[number];

export const CUSTOMER_TIERS = ['standard', 'vip'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** The higher of two tiers in CUSTOMER_TIERS order (an unknown one ranks lowest): channel input only ever raises a tier. */
export function higherTier(a: string | undefined, b: string): string {
  const rank = (t: string | undefined) => (t === undefined ? -1 : CUSTOMER_TIERS.indexOf(t as CustomerTier));
  return rank(a) > rank(b) ? (a as string) : b;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  /** Absent where a country has no postal codes; the rules hold such an address as incomplete. */
  postalCode?: string;
  country: string;
}

export interface OrderLineInput {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** false: digital goods, gift cards: no stock reserved, no parcel, no carrier. Absent: true. */
  requiresShipping?: boolean;
}

/** A channel's order after validation and normalization: what the order workflow is started with. */
/**
 * A line the hub could not map: `sku` is the channel's name for it (then the hub SKU once mapped by
 * the mapLines update). `listing` and `requiresShipping` (what the line itself said) are absent in
 * orders from before the catalog API.
 */
export interface UnmappedLine {
  lineNo: number;
  sku: string;
  listing?: ListingRef;
  requiresShipping?: boolean;
}

export interface OrderInput {
  orderId: string;
  channel: string;
  externalId: string;
  /** E-mail and name may be missing (point of sale, guest, a marketplace's masked buyer): never invented. */
  customer: { id?: string; email?: string; name?: string; tier: CustomerTier };
  currency: string;
  lines: OrderLineInput[];
  /**
   * The channel's address; a field it left out is an empty string (the rules hold such an order
   * on `address` when it must ship, and an operator corrects it). Pickup and digital-only orders
   * need none.
   */
  shippingAddress: Address;
  /** Lines whose SKU the hub did not know when the order arrived: the order is held (`unmapped_sku`) before any reservation. */
  unmappedLines?: UnmappedLine[];
  /** ISO 3166-1 alpha-2 country of the billing address, when the channel sends one. */
  billingCountry?: string;
  /** The marketplace's premium programme (Amazon's IsPrime): only a rule fact, never a service by itself. */
  isPrime?: boolean;
  shippingService: ShippingService;
  /** The shipping lines' prices before their discounts (the simple shape's shippingPrice). */
  shippingMinor: number;
  /**
   * The money of the order (lines with discounts and tax lines, shipping lines, taxesIncluded):
   * the totals come from it (src/domain/orderMoney.ts). Absent in inputs recorded before issue
   * 13: those are the simple shape, read through pricedOrderFromSimple.
   */
  pricing?: PricedOrder;
  /** What the channel says the customer owes: compared with the hub's totals (total_mismatch hold). */
  channelTotals?: ChannelTotals;
  payment: ChannelPayment;
  placedAt: string;
  /** Absent: shipped. Pickup (point of sale): the goods leave from the location with the customer. */
  fulfillment?: { mode: 'pickup'; pickupLocationId: string };
}

/** The hub's totals of an order (computeOrderTotals): total = subtotal - discounts + shipping + tax (unless taxes are included). */
export interface OrderTotals {
  subtotalMinor: number;
  /** Line and shipping discounts. Absent in states recorded before issue 13 (0 then). */
  discountsMinor?: number;
  shippingMinor: number;
  /** Line and shipping tax, also when the prices include it. Absent before issue 13 (0 then). */
  taxMinor?: number;
  totalMinor: number;
}

export interface ShipmentState {
  shipmentId: string;
  locationId: string;
  items: { sku: string; quantity: number }[];
  carrier?: string;
  trackingNumber?: string;
  status: 'pending' | 'label_created' | 'dispatched' | 'in_transit' | 'delivered' | 'exception' | 'voided';
  /** 2 and up: the label was bought again after an address correction. */
  labelVersion?: number;
}

export interface AllocationLine {
  lineNo: number;
  sku: string;
  locationId: string;
  quantity: number;
}

/** The live state of one order, as the workflow's query returns it. */
export interface OrderState {
  orderId: string;
  workflowId: string;
  channel: string;
  externalId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
  currency: string;
  totals: OrderTotals;
  allocations: AllocationLine[];
  shipments: ShipmentState[];
  paymentReference?: string;
  cancelReason?: string;
  /** Set once the order row exists in the database. */
  recorded: boolean;
  /** What the order waits for, in words (also shown in the Temporal UI). */
  waitingFor?: string;
  /** Set by the rules (src/domain/rules) once the order is recorded. */
  rules?: RulesOutcome;
  /** Every hold the order had, open and released (always an array, empty at first). */
  holds: OrderHold[];
  /** The address the parcels go to: the channel's, or an operator's correction. */
  shippingAddress: Address;
  /** Authorized orders only (src/domain/payment.ts): what was authorized, captured, refunded, voided. */
  payment?: PaymentLedger;
  /** Partial cancels: units cancelled and money returned per line number (absent: none). */
  cancelledLines?: Record<number, { units: number; refundedMinor: number }>;
}

export interface RulesOutcome {
  ruleSetVersion: number;
  priorityClass: PriorityClass;
  priorityScore: number;
  shipBy?: string;
  late: boolean;
  tags: string[];
  preferredLocationId?: string;
  /** The latest evaluation's log: which rules matched and what they did. */
  log: RuleLogEntry[];
  evaluations: number;
}

/** Whether the line goes into a parcel (digital goods and gift cards do not). */
export const shipsPhysically = (line: Pick<OrderLineInput, 'requiresShipping'>): boolean => line.requiresShipping !== false;

/** Whether the order needs a carrier and so an address: not a pickup, and at least one line ships. */
export function needsDelivery(input: Pick<OrderInput, 'fulfillment' | 'lines'>): boolean {
  return input.fulfillment?.mode !== 'pickup' && input.lines.some(shipsPhysically);
}

/** Demand summed per SKU: two lines of the same SKU must be checked together, never apart. */
export function demandBySku(lines: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const line of lines) demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.quantity);
  return demand;
}
