import { isOperatorActor, placeHoldProblem, releaseHoldProblem } from './holds';
import type { OrderState } from './order';
import { isCancellable, type OrderStatus } from './orderStatus';
import { HOLD_REASONS, type HoldReason } from './rules/types';
import { hasLeftWarehouse } from './shipments';

/**
 * What an order may still do in its current state: one rule per request, used both by the update
 * validators (they refuse before anything reaches the workflow's history) and by the handlers
 * (they check again when they run, because the order may have moved on while they queued). Pure:
 * each answers with the problem, or undefined when the request may go ahead.
 */
export interface OrderProblem {
  kind: 'invalid_state' | 'invalid_input' | 'payment_mismatch' | 'cancel_in_progress';
  message: string;
}

type Check = OrderProblem | undefined;
const invalidState = (message: string): OrderProblem => ({ kind: 'invalid_state', message });
const invalidInput = (message: string): OrderProblem => ({ kind: 'invalid_input', message });

export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
export const isHoldReason = (v: unknown): v is HoldReason => (HOLD_REASONS as readonly unknown[]).includes(v);

/** No parcel will leave any more: shipped, delivered or cancelled (the ship-by deadline no longer matters). */
export const hasShipped = (status: OrderStatus): boolean => status === 'shipped' || status === 'delivered' || status === 'cancelled';

/** Holds stop an order only until its fulfillment starts. */
export const canStillHold = (state: Pick<OrderState, 'status'>): boolean => ['received', 'backordered', 'awaiting_payment', 'on_hold'].includes(state.status);

/** Until a parcel has left, the address can change (labels already bought are bought again). */
export const canCorrectAddress = (state: Pick<OrderState, 'status' | 'shipments'>): boolean => isCancellable(state.status) && !state.shipments.some(hasLeftWarehouse);

/** Holds, addresses and re-evaluations belong to the rules: they need the order's first rule decision. */
export function rulesDecided(state: Pick<OrderState, 'rules'>): Check {
  return state.rules ? undefined : invalidState('the order has no rule decision yet');
}

/** `already`: a payment the order has (the channel's, or one reported before). */
export function validatePayment(state: OrderState, already: unknown, p: { amountMinor: number; currency: string; outcome: 'succeeded' | 'failed' }): Check {
  if (already || state.paymentStatus !== 'pending' || !(state.status === 'received' || state.status === 'awaiting_payment')) {
    return invalidState(`order is ${state.status} with payment ${state.paymentStatus}; it does not await a payment`);
  }
  if (p.outcome === 'succeeded' && (p.currency !== state.currency || p.amountMinor !== state.totals.totalMinor)) {
    return {
      kind: 'payment_mismatch',
      message: `payment of ${p.amountMinor} ${p.currency} (minor units) does not match the order total of ${state.totals.totalMinor} ${state.currency}`,
    };
  }
  return undefined;
}

/**
 * From the moment a cancel is accepted (`accepted`) until the order is cancelled, it takes no
 * payment and no change; `compensating`: the undo steps run (a failed refund may keep them open).
 */
export function cancelInProgress(state: Pick<OrderState, 'status'>, cancel: { accepted: boolean; compensating: boolean }): Check {
  if (!(cancel.accepted || cancel.compensating) || state.status === 'cancelled') return undefined;
  return { kind: 'cancel_in_progress', message: `order is being cancelled (${cancel.compensating ? 'compensation running' : 'cancel accepted'}); it takes no payment or change` };
}

export function validateCancel(state: Pick<OrderState, 'status' | 'shipments'>): Check {
  if (!isCancellable(state.status) || state.shipments.some(hasLeftWarehouse)) return invalidState(`order is ${state.status}; it can no longer be cancelled`);
  return undefined;
}

type PlaceHoldRequest = { reason?: unknown; placedBy?: unknown } | undefined;
type ReleaseHoldRequest = { reason?: unknown; releasedBy?: unknown } | undefined;
type AddressRequest = { changedBy?: unknown; address?: { country?: unknown; line1?: unknown } } | undefined;

/** The request's own fields, whatever the order's state. */
export function placeHoldInput(request: PlaceHoldRequest): Check {
  return isHoldReason(request?.reason) && isText(request.placedBy) ? undefined : invalidInput(`reason must be one of ${HOLD_REASONS.join(', ')} and placedBy must be given`);
}

/**
 * An operator's place or release may not carry the rules' or the hub's own actor names (a
 * "rule:" hold would be released by the next evaluation). For the update validators only: the
 * handlers do not check it again, so histories accepted before it existed replay as they ran.
 */
export function operatorActorInput(field: 'placedBy' | 'releasedBy', actor: unknown): Check {
  return typeof actor === 'string' && !isOperatorActor(actor) ? invalidInput(`${field} "${actor}" is reserved for the hub's own holds`) : undefined;
}

export function validatePlaceHold(state: OrderState, request: PlaceHoldRequest): Check {
  const input = placeHoldInput(request);
  if (input) return input;
  const problem = placeHoldProblem(state.holds, request!.reason as HoldReason, canStillHold(state));
  return problem ? invalidState(problem) : undefined;
}

export function releaseHoldInput(request: ReleaseHoldRequest): Check {
  return isHoldReason(request?.reason) && isText(request.releasedBy) ? undefined : invalidInput(`reason must be one of ${HOLD_REASONS.join(', ')} and releasedBy must be given`);
}

export function validateReleaseHold(state: OrderState, request: ReleaseHoldRequest): Check {
  const input = releaseHoldInput(request);
  if (input) return input;
  const problem = releaseHoldProblem(state.holds, request!.reason as HoldReason);
  return problem ? invalidState(problem) : undefined;
}

export function addressInput(request: AddressRequest): Check {
  const given = isText(request?.changedBy) && isText(request.address?.country) && isText(request.address?.line1);
  return given ? undefined : invalidInput('address (with line1 and country) and changedBy must be given');
}

export function validateAddressCorrection(state: OrderState, request: AddressRequest): Check {
  const input = addressInput(request);
  if (input) return input;
  return canCorrectAddress(state) ? undefined : invalidState(`order is ${state.status}; a parcel has left, the address can no longer change`);
}

export function reevaluateInput(request: { requestedBy?: unknown } | undefined): Check {
  return isText(request?.requestedBy) ? undefined : invalidInput('requestedBy must be given');
}

export function validateReevaluate(state: Pick<OrderState, 'status'>, request: { requestedBy?: unknown } | undefined): Check {
  const input = reevaluateInput(request);
  if (input) return input;
  if (state.status === 'cancelled' || state.status === 'delivered') return invalidState(`order is ${state.status}`);
  return undefined;
}

/** A partner step waiting for an operator; `noSkip` says why it cannot be skipped, when it cannot. */
export interface FailedStep {
  noSkip?: string;
}

/** `failed`: the partner steps waiting for an operator, by name. */
export function validateRetry(status: OrderStatus, failed: ReadonlyMap<string, FailedStep>, request: { requestedBy?: unknown; step?: string } | undefined): Check {
  if (!isText(request?.requestedBy)) return invalidInput('requestedBy must be given');
  if (failed.size === 0) return invalidState(`order is ${status}; no step waits for a retry`);
  if (request.step !== undefined && !failed.has(request.step)) return invalidState(`no failed step "${request.step}"; failed: ${[...failed.keys()].join(', ')}`);
  return undefined;
}

export function validateSkip(failed: ReadonlyMap<string, FailedStep>, request: { requestedBy?: unknown; step?: unknown; reason?: unknown } | undefined): Check {
  if (!isText(request?.requestedBy) || !isText(request.step) || !isText(request.reason)) return invalidInput('requestedBy, step and reason must be given');
  const entry = failed.get(request.step);
  if (!entry) return invalidState(`no failed step "${request.step}"; failed: ${[...failed.keys()].join(', ') || 'none'}`);
  if (entry.noSkip !== undefined) return invalidState(`"${request.step}" cannot be skipped: ${entry.noSkip}`);
  return undefined;
}
