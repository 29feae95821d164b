import type { AxiosInstance } from 'axios';
import { formatMoney } from '../../domain/money';
import { callPartner } from './partnerHttp';

/**
 * The payment gateway's contract (docs/partner-contracts.md): capture, release, void and refund on the
 * authorization the channel's checkout made. Amounts leave as decimal strings.
 */
export function createGatewayClient(http: AxiosInstance) {
  const path = (reference: string, action: string) => `/authorizations/${encodeURIComponent(reference)}/${action}`;
  return {
    capture(reference: string, orderId: string, amountMinor: number, currency: string, shipmentId: string | undefined, idempotencyKey: string) {
      return callPartner<{ captureId: string }>(http, 'gateway', {
        method: 'POST',
        path: path(reference, 'captures'),
        idempotencyKey,
        body: { orderId, amount: formatMoney(amountMinor, currency), currency, ...(shipmentId && { shipmentId }) },
      });
    },
    /** A partial release (authorization reduction): `amountMinor` can no longer be captured. */
    release(reference: string, orderId: string, amountMinor: number, currency: string, reason: string, idempotencyKey: string) {
      return callPartner<{ releaseId: string }>(http, 'gateway', {
        method: 'POST',
        path: path(reference, 'releases'),
        idempotencyKey,
        body: { orderId, amount: formatMoney(amountMinor, currency), currency, reason },
      });
    },
    void(reference: string, orderId: string, currency: string, idempotencyKey: string) {
      return callPartner<{ voided: boolean }>(http, 'gateway', { method: 'POST', path: path(reference, 'void'), idempotencyKey, body: { orderId, currency } });
    },
    refund(reference: string, orderId: string, amountMinor: number, currency: string, reason: string, idempotencyKey: string) {
      return callPartner<{ refundId: string }>(http, 'gateway', {
        method: 'POST',
        path: path(reference, 'refunds'),
        idempotencyKey,
        body: { orderId, amount: formatMoney(amountMinor, currency), currency, reason },
      });
    },
  };
}
