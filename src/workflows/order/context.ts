import { workflowInfo } from '@temporalio/workflow';
import type { OrderInput, OrderState } from '../../domain/order';
import { orderTotalsOf } from '../../domain/orderMoney';
import { initialPaymentStatus } from '../../domain/payment';
import { emptyLedger, remainingRefund, type CancelLedger } from '../../domain/partialCancel';
import { CompensationStack } from '../compensationStack';
import type { CancelInput, CarrierEvent, PaymentInput } from '../messages';
import { orderActivityGroups, type OrderActivityGroups } from './activityStubs';
import type { OrderWorkflowOptions } from './options';
import { ReadModel, type ProgressOptions, type StatusPatch, type TimelineEntry } from './readModel';

/** Messages land here; the story re-reads them after each wait. */
export interface Inbox {
  payment?: PaymentInput;
  cancel?: CancelInput;
  stockReserved?: boolean;
  carrierEvents: CarrierEvent[];
}

/** A cancellation to run: the reason, and what the timeline event says about it. */
export interface CancelRequest {
  reason: string;
  data?: Record<string, unknown>;
}

/**
 * What every part of the order shares: its state, the messages it received, its activities, its
 * read model and its compensation stack. The parts (stock, payments, holds, …) each own a slice of
 * the behaviour; this object owns the data.
 */
export class OrderContext {
  readonly state: OrderState;
  readonly inbox: Inbox = { carrierEvents: [] };
  readonly acts: OrderActivityGroups;
  readonly model: ReadModel;
  readonly undo = new CompensationStack();
  /** Rule evaluations, hold changes and label purchases never interleave. */
  readonly exclusive = serializer();
  /** Bumped on every rules or holds change: the deadline watcher re-plans, timeline keys stay unique. */
  controlVersion = 0;
  /** Set once the cancellation starts (asked for, or decided by the order itself: payment timeout, …). */
  cancelling = false;
  /** Set once the order has ended: the deadline watcher stops. */
  done = false;
  /** Units cancelled and money returned by partial cancels (src/domain/partialCancel.ts). */
  ledger: CancelLedger = emptyLedger();

  constructor(
    readonly input: OrderInput,
    readonly options: OrderWorkflowOptions,
  ) {
    this.acts = orderActivityGroups(options, input.channel);
    this.state = {
      orderId: input.orderId,
      workflowId: workflowInfo().workflowId,
      channel: input.channel,
      externalId: input.externalId,
      status: 'received',
      paymentStatus: initialPaymentStatus(input.payment),
      fulfillmentStatus: 'unfulfilled',
      currency: input.currency,
      totals: orderTotalsOf(input),
      allocations: [],
      shipments: [],
      recorded: false,
      holds: [],
      shippingAddress: input.shippingAddress,
    };
    this.model = new ReadModel(this.state, this.acts.store, input.shippingService);
  }

  progress(patch: StatusPatch, event: TimelineEntry, options?: ProgressOptions): Promise<void> {
    return this.model.progress(patch, event, options);
  }

  /** A new rules or holds version; returns it (timeline keys use it). */
  bump(): number {
    this.controlVersion += 1;
    return this.controlVersion;
  }

  /** The order as the carrier must see it: with the address of the moment. */
  carrierOrder(): OrderInput {
    return { ...this.input, shippingAddress: this.state.shippingAddress };
  }

  /** What a full cancel gives back (refund, credit note): the total less what partial cancels returned. */
  remainingMinor(): number {
    return remainingRefund(this.state.totals.totalMinor, this.ledger);
  }

  /** The cancel an operator or the channel asked for, as a cancellation to run. */
  requestedCancel(): CancelRequest {
    const request = this.inbox.cancel!;
    return { reason: request.reason, data: { requestedBy: request.requestedBy } };
  }
}

export const nowIso = (): string => new Date().toISOString();

/** Runs async steps one at a time, in call order (deterministic: plain promise chaining). */
function serializer() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}
