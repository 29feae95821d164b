import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Address, OrderState } from '../domain/order';
import type { CancelLineInput } from '../domain/partialCancel';
import type { HoldReason } from '../domain/rules/types';

/**
 * The order workflow's messages, defined once and shared by the workflow and the API.
 * This file is imported into the workflow bundle: keep it free of heavy libraries.
 */

export interface AcceptResult {
  orderId: string;
  workflowId: string;
  status: OrderState['status'];
  /** True for exactly one accept per order: the one that created it. */
  created: boolean;
}

export interface PaymentInput {
  amountMinor: number;
  currency: string;
  reference: string;
  outcome: 'succeeded' | 'failed';
}

export interface CancelInput {
  reason: string;
  requestedBy: string;
  /** A partial cancel: these units only (src/domain/partialCancel.ts). Absent: the whole order. */
  lines?: CancelLineInput[];
  /** A partial cancel's idempotency key (the API's update id): a repeat returns nothing twice. */
  requestId?: string;
}

export const CARRIER_EVENT_TYPES = ['dispatched', 'in_transit', 'delivered', 'exception'] as const;
export type CarrierEventType = (typeof CARRIER_EVENT_TYPES)[number];

export interface CarrierEvent {
  trackingNumber: string;
  /** The hub's shipment ID, when the carrier echoes the reference given with the label. */
  shipmentId?: string;
  type: CarrierEventType;
  at: string;
}

export interface PlaceHoldInput {
  reason: HoldReason;
  note?: string;
  placedBy: string;
}

export interface ReleaseHoldInput {
  reason: HoldReason;
  releasedBy: string;
  note?: string;
}

export interface CorrectAddressInput {
  address: Address;
  changedBy: string;
}

export interface ReevaluateInput {
  requestedBy: string;
  /** Evaluate with the active rule set instead of the version the order was first decided with. */
  useLatestRules?: boolean;
}

export interface RetryStepInput {
  requestedBy: string;
  /** Omitted: every step that needs attention. */
  step?: string;
}

/** Lines the catalog now resolves (src/api/catalog/unmappedLines.ts): each unmapped line and its hub SKU. */
export interface MapLinesInput {
  lines: { lineNo: number; sku: string; requiresShipping: boolean }[];
  /** Who mapped them: 'catalog' (the API after a product or listing was added), or an operator key's name. */
  mappedBy: string;
}

export interface SkipStepInput {
  requestedBy: string;
  step: string;
  reason: string;
}

/** Early return: answers once the order is recorded, so the API can reply with a real order. */
export const acceptOrderUpdate = defineUpdate<AcceptResult, []>('acceptOrder');
export const recordPaymentUpdate = defineUpdate<OrderState, [PaymentInput]>('recordPayment');
export const cancelOrderUpdate = defineUpdate<OrderState, [CancelInput]>('cancelOrder');
/** Operators' holds; each answers with the order once the change is in the database. */
export const placeHoldUpdate = defineUpdate<OrderState, [PlaceHoldInput]>('placeHold');
export const releaseHoldUpdate = defineUpdate<OrderState, [ReleaseHoldInput]>('releaseHold');
/** Allowed until a parcel has left; labels already bought are voided and bought again. Re-runs the rules. */
export const correctAddressUpdate = defineUpdate<OrderState, [CorrectAddressInput]>('correctAddress');
export const reevaluateRulesUpdate = defineUpdate<OrderState, [ReevaluateInput]>('reevaluateRules');
/** A partner step failed past its retry budget (status needs_attention): try it again, or go on without it. */
export const retryIntegrationUpdate = defineUpdate<OrderState, [RetryStepInput]>('retryIntegration');
export const skipIntegrationUpdate = defineUpdate<OrderState, [SkipStepInput]>('skipIntegration');
/** Gives unmapped lines their hub SKU; once none is left, the unmapped_sku hold is released and the order reserves. */
export const mapLinesUpdate = defineUpdate<OrderState, [MapLinesInput]>('mapLines');
export const carrierEventSignal = defineSignal<[CarrierEvent]>('carrierEvent');
/** Sent by a receipt or release that reserved stock for this backordered order. */
export const stockReservedSignal = defineSignal('stockReserved');
export const orderStateQuery = defineQuery<OrderState>('orderState');

/** Failure types that updates reject with; the API maps them to HTTP statuses. */
export const OrderErrorType = {
  InvalidState: 'InvalidOrderState',
  PaymentMismatch: 'PaymentMismatch',
  InvalidInput: 'InvalidOrderInput',
  /** A cancel was accepted and is being compensated: the order takes no payment or change any more. */
  CancelInProgress: 'CancelInProgress',
} as const;

/** Stock of the SKU changed: the inventory-sync workflow pushes fresh sellable quantities soon. */
export const stockChangedSignal = defineSignal('stockChanged');

export const inventorySyncWorkflowId = (sku: string) => `inventory-sync:${sku}`;
