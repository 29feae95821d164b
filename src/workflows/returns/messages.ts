import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ExchangePolicy, ReceiptLineInput, ReturnStatus } from '../../domain/returns';
import type { CarrierEvent } from '../messages';

/**
 * The return workflow's messages (issue 18), shared by the workflow and the API. Imported into the
 * workflow bundle: keep it free of heavy libraries.
 */

export interface ReturnWorkflowInput {
  returnId: string;
  orderId: string;
  /** The return's lines as opened (what a receipt may count). */
  lines: { lineNo: number; quantity: number }[];
  /** How long a return may wait for its parcel's first scan (or its receipt) before it expires. */
  expiryMs: number;
  /** Omitted: the order workflow's defaults (DEFAULT_PARTNER_RETRY, the workflow's own task queue). */
  partnerRetry?: { initialIntervalMs: number; maximumIntervalMs: number; budgetMs: number };
  partnerTaskQueues?: { erp: string; channel: string; gateway?: string };
  fulfillmentTaskQueue?: string;
  /** An exchange (the return names replacements): when its replacement order starts, per the channel's exchangeShipsAt. Absent: no exchange. */
  exchange?: { shipsAt: ExchangePolicy };
}

export interface ReceiptInput {
  lines: ReceiptLineInput[];
  /** Where the parcel was received; omitted: the location its units shipped from. */
  locationId?: string;
  receivedBy: string;
}

export interface ReturnRetryInput {
  requestedBy: string;
  /** Omitted: every step waiting for an operator. */
  step?: string;
}

/** The workflow's own view of its return (the table is the read model; this is what the query answers). */
export interface ReturnFlowState {
  returnId: string;
  status: ReturnStatus;
  trackingNumber?: string;
  /** What the workflow waits for now, in words. */
  waitingFor?: string;
  /** Steps that failed past their retries and wait for an operator: step -> error. */
  attention: Record<string, string>;
  refundMinor?: number;
  /** Steps done, in order (label, receipt, restock, refund, credit note, channel, hooks). */
  done: string[];
}

/** The receipt of the parcel (POST /api/v1/returns/:returnId/receipt); the validator refuses a wrong count before it enters the history. */
export const receiveReturnUpdate = defineUpdate<ReturnFlowState, [ReceiptInput]>('receiveReturn');
/** A partner step failed past its retries (status needs_attention): run it again. */
export const retryReturnUpdate = defineUpdate<ReturnFlowState, [ReturnRetryInput]>('retryReturnStep');
/** The return parcel's carrier events, routed by the carrier webhook (src/api/carrier/service.ts). */
export const returnCarrierEventSignal = defineSignal<[CarrierEvent]>('returnCarrierEvent');
export const returnStateQuery = defineQuery<ReturnFlowState>('returnState');
