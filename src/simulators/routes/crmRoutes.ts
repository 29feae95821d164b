import { Router } from 'express';
import { created, ok, partnerRoute } from '../partnerRoute';
import { optionalDecimal, optionalString, requiredString } from '../requestFields';
import type { SimulatorState } from '../state';

/** The CRM keeps customers (upserted by email) and a timeline of their orders. */
export function crmRoutes(state: SimulatorState): Router {
  const router = Router();

  router.post(
    '/crm/customers',
    partnerRoute(state, 'crm', 'upsertCustomer', ({ body }) => {
      const email = requiredString(body.email, 'email');
      const name = optionalString(body.name, 'name') ?? null;
      const tier = optionalString(body.tier, 'tier') ?? null;
      return ok({ crmCustomerId: state.crmCustomers.upsert(email, name, tier).crmCustomerId });
    }),
  );

  router.post(
    '/crm/orders',
    partnerRoute(state, 'crm', 'recordOrder', ({ body }) => {
      requiredString(body.orderId, 'orderId');
      optionalString(body.email, 'email');
      optionalDecimal(body.total, 'total');
      return created({ crmOrderRef: state.documentNumbers.next('CO') });
    }),
  );

  router.post(
    '/crm/orders/:orderId/events',
    partnerRoute(state, 'crm', 'recordOrderEvent', ({ body }) => {
      requiredString(body.type, 'type');
      optionalString(body.reason, 'reason');
      return created({ ok: true });
    }),
  );

  return router;
}
