/**
 * Payments that authorize first and capture later (issue 13). Pure: the workflow keeps a
 * PaymentLedger per authorized order and asks these functions what to capture, refund or void.
 * The capture split itself is the pricing module's (captureForParcel in ./pricing/capture.ts).
 */
import { captureForParcel } from './pricing/capture';

/** What the channel reports about the customer's money when it sends the order. */
export const CHANNEL_PAYMENT_STATUSES = ['pending', 'authorized', 'partially_paid', 'paid'] as const;
export type ChannelPaymentStatus = (typeof CHANNEL_PAYMENT_STATUSES)[number];

export const CHANNEL_TRANSACTION_KINDS = ['authorization', 'capture', 'sale'] as const;
export type ChannelTransactionKind = (typeof CHANNEL_TRANSACTION_KINDS)[number];

/**
 * When the hub captures an authorized order through the payment gateway: `on_order` at once (the
 * order goes on as a paid one), `on_shipment` each parcel its share when it leaves the warehouse.
 * Kept per channel (channels.capture_policy).
 */
export const CAPTURE_POLICIES = ['on_order', 'on_shipment'] as const;
export type CapturePolicy = (typeof CAPTURE_POLICIES)[number];

export interface ChannelTransaction {
  kind: ChannelTransactionKind;
  amountMinor: number;
  gateway?: string;
  reference?: string;
}

export interface ChannelPayment {
  status: ChannelPaymentStatus;
  reference?: string;
  transactions?: ChannelTransaction[];
  /** The channel's capture policy when the order arrived (authorized orders only); absent: on_order. */
  capturePolicy?: CapturePolicy;
}

/** A payment transaction as the order's GET shows it: the channel's, and the hub's own through the gateway. */
export interface PaymentTransaction {
  /** Stable (the idempotency key for the hub's own): a retried write records it once. */
  id: string;
  kind: ChannelTransactionKind | 'void' | 'refund';
  amountMinor: number;
  /** `channel`: reported with the order; `gateway`: done by the hub. */
  source: 'channel' | 'gateway';
  gateway?: string;
  reference?: string;
  shipmentId?: string;
  at: string;
}

/** An authorized order's money, as the workflow keeps it. */
export interface PaymentLedger {
  policy: CapturePolicy;
  /** The gateway's authorization the captures, voids and refunds refer to. */
  authorizationRef: string;
  authorizedMinor: number;
  /** Captured by the channel before the order arrived (partially_paid): refunded through the channel. */
  channelCapturedMinor: number;
  /** Captured by the hub through the gateway: refunded through the gateway. */
  gatewayCapturedMinor: number;
  /**
   * Refunded, or owed by a partial cancel's refund already decided (each share's refund runs under
   * its own key): a later full cancel refunds only what is beyond it.
   */
  gatewayRefundedMinor: number;
  channelRefundedMinor: number;
  /**
   * Given back from the authorization before capture by partial cancels: never captured after.
   * Absent in ledgers from before partial cancels of authorized orders (read as 0).
   */
  releasedMinor?: number;
  voided: boolean;
}

/** The order needs the gateway: the channel authorized (part of) the money and did not capture it all. */
export const isAuthorizedPayment = (p: ChannelPayment): boolean => p.status === 'authorized' || p.status === 'partially_paid';

/**
 * The ledger an authorized order starts with. Captures and sales the channel reports count as
 * captured by the channel; the rest of the total is what the authorization still holds.
 */
export function openLedger(orderKey: string, payment: ChannelPayment, totalMinor: number): PaymentLedger {
  const txs = payment.transactions ?? [];
  const channelCapturedMinor = Math.min(
    totalMinor,
    txs.filter((t) => t.kind !== 'authorization').reduce((sum, t) => sum + t.amountMinor, 0),
  );
  const authorization = txs.find((t) => t.kind === 'authorization');
  return {
    policy: payment.capturePolicy ?? 'on_order',
    authorizationRef: authorization?.reference ?? payment.reference ?? orderKey,
    authorizedMinor: totalMinor,
    channelCapturedMinor,
    gatewayCapturedMinor: 0,
    gatewayRefundedMinor: 0,
    channelRefundedMinor: 0,
    releasedMinor: 0,
    voided: false,
  };
}

export const capturedMinor = (l: PaymentLedger): number => l.channelCapturedMinor + l.gatewayCapturedMinor;

/** What the order is to capture in all: the authorization less the shares released from it. */
export const dueMinor = (l: PaymentLedger): number => l.authorizedMinor - (l.releasedMinor ?? 0);

/** Authorized and neither captured, released nor voided. */
export const uncapturedMinor = (l: PaymentLedger): number => (l.voided ? 0 : dueMinor(l) - capturedMinor(l));

/** How a partial cancel's share goes back, by where its money stands. */
export interface ShareReturn {
  /** Released from the authorization (never charged): a partial release at the gateway. */
  releaseMinor: number;
  /** Refunded through the gateway (the hub captured it). */
  gatewayRefundMinor: number;
  /** Refunded through the channel (the channel captured it: partially_paid). */
  channelRefundMinor: number;
}

/**
 * A share is taken first from what is still authorized and not captured (the customer was never
 * charged for it: releasing it moves no money), then from what the gateway captured, then from
 * what the channel captured. Captures go by units, not by line prices, so a dear unit's share can
 * exceed what is left uncaptured; the excess is then refunded. Never more than the order still
 * holds: the shares of all units add up to at most the total (largest remainder), and every share
 * returned is booked in the ledger (recordShareReturn) before the next one is split.
 */
export function splitShareReturn(l: PaymentLedger, shareMinor: number): ShareReturn {
  const releaseMinor = Math.min(shareMinor, uncapturedMinor(l));
  const gatewayRefundMinor = Math.min(shareMinor - releaseMinor, l.gatewayCapturedMinor - l.gatewayRefundedMinor);
  const channelRefundMinor = Math.min(shareMinor - releaseMinor - gatewayRefundMinor, l.channelCapturedMinor - l.channelRefundedMinor);
  return { releaseMinor, gatewayRefundMinor, channelRefundMinor };
}

/** The ledger once a share's return is decided: captures never take the released part, a full cancel never refunds the refunded one. */
export function recordShareReturn(l: PaymentLedger, r: ShareReturn): PaymentLedger {
  return {
    ...l,
    releasedMinor: (l.releasedMinor ?? 0) + r.releaseMinor,
    gatewayRefundedMinor: l.gatewayRefundedMinor + r.gatewayRefundMinor,
    channelRefundedMinor: l.channelRefundedMinor + r.channelRefundMinor,
  };
}

/** What a parcel carrying `units` of the `unitsRemaining` not yet shipped captures (the last one: the rest). */
export function parcelCapture(l: PaymentLedger, units: number, unitsRemaining: number): number {
  return captureForParcel({ remainingMinor: uncapturedMinor(l), unitsRemaining }, units);
}

/** The payment status the ledger stands for. */
export function ledgerStatus(l: PaymentLedger): 'authorized' | 'partially_paid' | 'paid' | 'partially_refunded' | 'refunded' | 'voided' {
  const captured = capturedMinor(l);
  const refunded = l.gatewayRefundedMinor + l.channelRefundedMinor;
  if (refunded > 0) return refunded >= captured ? 'refunded' : 'partially_refunded';
  if (captured === 0) return l.voided ? 'voided' : 'authorized';
  return captured >= dueMinor(l) ? 'paid' : 'partially_paid';
}

/** Epoch ms at which an authorization of `authorizedAt` is held for an operator, when nothing has shipped. */
export const authorizationHoldAt = (authorizedAt: string, holdAfterMs: number): number => Date.parse(authorizedAt) + holdAfterMs;

/** The payment status an order is recorded with: an authorized one shows it at once; the others start pending, as before. */
export const initialPaymentStatus = (p: ChannelPayment): 'pending' | 'authorized' | 'partially_paid' =>
  isAuthorizedPayment(p) ? (p.status as 'authorized' | 'partially_paid') : 'pending';

export const DEFAULT_AUTHORIZATION_HOLD_AFTER_MS = 7 * 24 * 3_600_000;
