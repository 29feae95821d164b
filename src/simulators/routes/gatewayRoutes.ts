import { Router } from 'express';
import { parseMoney } from '../../domain/money';
import { created, ok, partnerRoute } from '../partnerRoute';
import { Rejection, optionalString, requiredDecimal, requiredString } from '../requestFields';
import type { SimulatorState } from '../state';

/** Minor units of a decimal amount; a malformed one is the caller's 422. */
function minorOf(amount: string, currency: string): number {
  try {
    return parseMoney(amount, currency);
  } catch (err) {
    throw new Rejection(422, { error: `amount ${err instanceof Error ? err.message : String(err)}` });
  }
}

/**
 * The payment gateway: capture, release, void and refund on an authorization reference (the channel's
 * checkout authorized the money; the hub never authorizes). Every call needs an Idempotency-Key.
 */
export function gatewayRoutes(state: SimulatorState): Router {
  const router = Router();
  const auths = state.gatewayAuthorizations;

  router.post(
    '/gateway/authorizations/:reference/captures',
    partnerRoute(state, 'gateway', 'capture', ({ body, params }) => {
      requiredString(body.orderId, 'orderId');
      const currency = requiredString(body.currency, 'currency');
      const amountMinor = minorOf(requiredDecimal(body.amount, 'amount'), currency);
      if (amountMinor <= 0) throw new Rejection(422, { error: 'amount must be more than 0' });
      optionalString(body.shipmentId, 'shipmentId');
      const auth = auths.capture(params.reference!, amountMinor, currency);
      return created({ captureId: state.documentNumbers.next('CAP'), reference: auth.reference });
    }),
  );

  // A partial release (authorization reduction): a partial cancel's share given back before capture.
  router.post(
    '/gateway/authorizations/:reference/releases',
    partnerRoute(state, 'gateway', 'release', ({ body, params }) => {
      requiredString(body.orderId, 'orderId');
      const currency = requiredString(body.currency, 'currency');
      const amountMinor = minorOf(requiredDecimal(body.amount, 'amount'), currency);
      if (amountMinor <= 0) throw new Rejection(422, { error: 'amount must be more than 0' });
      optionalString(body.reason, 'reason');
      const auth = auths.release(params.reference!, amountMinor, currency);
      return created({ releaseId: state.documentNumbers.next('REL'), reference: auth.reference });
    }),
  );

  router.post(
    '/gateway/authorizations/:reference/void',
    partnerRoute(state, 'gateway', 'void', ({ body, params }) => {
      requiredString(body.orderId, 'orderId');
      const auth = auths.void(params.reference!, requiredString(body.currency, 'currency'));
      return ok({ reference: auth.reference, voided: true });
    }),
  );

  router.post(
    '/gateway/authorizations/:reference/refunds',
    partnerRoute(state, 'gateway', 'refund', ({ body, params }) => {
      requiredString(body.orderId, 'orderId');
      const currency = requiredString(body.currency, 'currency');
      const amountMinor = minorOf(requiredDecimal(body.amount, 'amount'), currency);
      if (amountMinor <= 0) throw new Rejection(422, { error: 'amount must be more than 0' });
      optionalString(body.reason, 'reason');
      const auth = auths.refund(params.reference!, amountMinor, currency);
      return created({ refundId: state.documentNumbers.next('RF'), reference: auth.reference });
    }),
  );

  return router;
}
