import { Rejection } from './requestFields';

/** One authorization as the simulated payment gateway remembers it (amounts in minor units). */
export interface GatewayAuthorization {
  reference: string;
  currency: string;
  /** What the checkout authorized; absent when the gateway first hears of the reference from a capture, release or void. */
  authorizedMinor?: number;
  /** Given back from the authorization before capture (partial cancels): never captured after. */
  releasedMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  voided: boolean;
}

/**
 * The payment gateway's authorizations. The channel's checkout made them: a test that plays the
 * checkout tells the simulator the amount (`authorize`); any other reference is taken as a valid
 * authorization of unknown amount on first use. What it enforces is what a real gateway enforces
 * afterwards: nothing captured or released after a void, captures and releases never beyond the
 * (reduced) authorization when its amount is known, never more refunded than captured, one
 * currency per authorization. A refusal is a 4xx the call journal records, so tests can read it.
 */
export class GatewayAuthorizations {
  private readonly byRef = new Map<string, GatewayAuthorization>();

  private get(reference: string, currency: string): GatewayAuthorization {
    const auth = this.byRef.get(reference) ?? { reference, currency, releasedMinor: 0, capturedMinor: 0, refundedMinor: 0, voided: false };
    if (auth.currency !== currency) throw new Rejection(422, { error: `currency ${currency} differs from the authorization's ${auth.currency}` });
    this.byRef.set(reference, auth);
    return auth;
  }

  /** What is authorized and neither captured nor released (undefined: the amount is unknown). */
  private open(auth: GatewayAuthorization): number | undefined {
    return auth.authorizedMinor === undefined ? undefined : auth.authorizedMinor - auth.releasedMinor - auth.capturedMinor;
  }

  /** The checkout's authorization of `amountMinor` (the simulator's stand-in for it: tests call this). */
  authorize(reference: string, amountMinor: number, currency: string): GatewayAuthorization {
    const auth = this.get(reference, currency);
    auth.authorizedMinor = amountMinor;
    return { ...auth };
  }

  capture(reference: string, amountMinor: number, currency: string): GatewayAuthorization {
    const auth = this.get(reference, currency);
    if (auth.voided) throw new Rejection(409, { error: `authorization ${reference} was voided` });
    const open = this.open(auth);
    if (open !== undefined && amountMinor > open) {
      throw new Rejection(422, { error: `capture of ${amountMinor} exceeds the ${open} still authorized on ${reference}` });
    }
    auth.capturedMinor += amountMinor;
    return { ...auth };
  }

  /** A partial release (authorization reduction): the amount can no longer be captured. */
  release(reference: string, amountMinor: number, currency: string): GatewayAuthorization {
    const auth = this.get(reference, currency);
    if (auth.voided) throw new Rejection(409, { error: `authorization ${reference} was voided` });
    const open = this.open(auth);
    if (open !== undefined && amountMinor > open) {
      throw new Rejection(422, { error: `release of ${amountMinor} exceeds the ${open} still authorized on ${reference}` });
    }
    auth.releasedMinor += amountMinor;
    return { ...auth };
  }

  void(reference: string, currency: string): GatewayAuthorization {
    const auth = this.get(reference, currency);
    auth.voided = true;
    return { ...auth };
  }

  refund(reference: string, amountMinor: number, currency: string): GatewayAuthorization {
    const auth = this.get(reference, currency);
    if (auth.refundedMinor + amountMinor > auth.capturedMinor) {
      throw new Rejection(422, { error: `refund of ${amountMinor} exceeds the ${auth.capturedMinor - auth.refundedMinor} captured and not refunded on ${reference}` });
    }
    auth.refundedMinor += amountMinor;
    return { ...auth };
  }

  find(reference: string): GatewayAuthorization | undefined {
    const auth = this.byRef.get(reference);
    return auth && { ...auth };
  }
}
