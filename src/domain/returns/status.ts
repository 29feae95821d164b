/**
 * A return's status (issue 18). The happy path is requested -> label_issued -> in_transit ->
 * received -> refunded; closed ends a received return that owes no money (an exchange, or nothing
 * refundable). expired: the parcel never came within the expiry time. needs_attention: a partner
 * (gateway, ERP, channel) failed past its retries; an operator retry resumes where it stopped.
 */
export const RETURN_STATUSES = ['requested', 'label_issued', 'in_transit', 'received', 'refunded', 'closed', 'expired', 'needs_attention'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

const NEXT: Record<ReturnStatus, readonly ReturnStatus[]> = {
  // A parcel may be scanned before the label step reports, and a receipt may come with no scan at all.
  requested: ['label_issued', 'in_transit', 'received', 'expired', 'needs_attention'],
  label_issued: ['in_transit', 'received', 'expired', 'needs_attention'],
  in_transit: ['received', 'needs_attention'],
  received: ['refunded', 'closed', 'needs_attention'],
  // The operator's retry puts the return back where its failed step belongs.
  needs_attention: ['requested', 'label_issued', 'received', 'refunded', 'closed'],
  refunded: [],
  closed: [],
  expired: [],
};

export function canReturnTransition(from: ReturnStatus, to: ReturnStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function isReturnStatus(value: string): value is ReturnStatus {
  return (RETURN_STATUSES as readonly string[]).includes(value);
}

/** Still in progress: the dashboard's open returns. */
export function isOpenReturn(status: ReturnStatus): boolean {
  return NEXT[status].length > 0;
}

/** An expired return gives its units back: they may be returned again by a new request. */
export function holdsUnits(status: ReturnStatus): boolean {
  return status !== 'expired';
}
