import { Rejection } from './requestFields';

/** One authorization as the simulated payment gateway remembers it (amounts in minor units). */
export interface GatewayAuthorization {
  reference: string;
  currency: string;
  capturedMinor: number;
  refundedMinor: number;
  voided: boolean;
}

/**
 * The payment gateway's authorizations. It never saw them being made (the channel's checkout
 * did), so an unknown reference is taken as a valid authorization on first use; what it enforces
 * is what a real gateway enforces afterwards: nothing captured after a void, never more refunded
 * than captured, one currency per authorization.
 */
export class GatewayAuthorizations {
  private readonly byRef = new Map<string, GatewayAuthorization>();

  private get(reference: string, currency: string): GatewayAuthorization {
    const auth = this.byRef.get(reference) ?? { reference, currency, capturedMinor: 0, refundedMinor: 0, voided: false };
    if (auth.currency !== currency) throw new Rejection(422, { error: `currency ${currency} differs from the authorization's ${auth.currency}` });
    this.byRef.set(reference, auth);
    return auth;
  }

  capture(reference: string, amountMinor: number, currency: string): GatewayAuthorization {
    const auth = this.get(reference, currency);
    if (auth.voided) throw new Rejection(409, { error: `authorization ${reference} was voided` });
    auth.capturedMinor += amountMinor;
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
