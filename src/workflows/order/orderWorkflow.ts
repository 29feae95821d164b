import { setHandler } from '@temporalio/workflow';
import type { OrderInput, OrderState } from '../../domain/order';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  carrierEventSignal,
  correctAddressUpdate,
  mapLinesUpdate,
  orderStateQuery,
  placeHoldUpdate,
  recordPaymentUpdate,
  reevaluateRulesUpdate,
  releaseHoldUpdate,
  retryIntegrationUpdate,
  skipIntegrationUpdate,
  stockReservedSignal,
} from '../messages';
import { Order } from './order';
import type { OrderWorkflowOptions } from './options';

/**
 * The order workflow (type name `orderWorkflow`): registers the order's message handlers, each
 * with its validator, and runs the order's story (./order.ts). Nothing else happens here.
 */
export async function orderWorkflow(input: OrderInput, options: OrderWorkflowOptions): Promise<OrderState> {
  const order = new Order(input, options);
  setHandler(orderStateQuery, () => order.state);
  setHandler(acceptOrderUpdate, () => order.accept());
  setHandler(recordPaymentUpdate, (p) => order.pay(p), { validator: (p) => order.validatePayment(p) });
  setHandler(cancelOrderUpdate, (r) => order.cancel(r), { validator: (r) => order.validateCancel(r) });
  setHandler(placeHoldUpdate, (r) => order.placeHold(r), { validator: (r) => order.validatePlaceHold(r) });
  setHandler(releaseHoldUpdate, (r) => order.releaseHold(r), { validator: (r) => order.validateReleaseHold(r) });
  setHandler(correctAddressUpdate, (r) => order.correctAddress(r), { validator: (r) => order.validateAddressCorrection(r) });
  setHandler(reevaluateRulesUpdate, (r) => order.reevaluate(r), { validator: (r) => order.validateReevaluate(r) });
  setHandler(retryIntegrationUpdate, (r) => order.retryStep(r), { validator: (r) => order.validateRetry(r) });
  setHandler(skipIntegrationUpdate, (r) => order.skipStep(r), { validator: (r) => order.validateSkip(r) });
  setHandler(mapLinesUpdate, (r) => order.mapLines(r), { validator: (r) => order.validateMapLines(r) });
  setHandler(carrierEventSignal, (event) => order.carrierEvent(event));
  setHandler(stockReservedSignal, () => order.stockReserved());
  return order.run();
}
