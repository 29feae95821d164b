// The order's activity groups offer only their own activities: calling the ERP through the
// database group is a type error (`npm run typecheck` fails on a wrong line below), and together
// the groups cover every activity the worker registers under its own name.
import type { OrderActivities } from '../../src/activities';
import type {
  CarrierActivities,
  ChannelActivities,
  GatewayActivities,
  CrmActivities,
  ErpActivities,
  InventoryActivities,
  OrderStoreActivities,
  RuleActivities,
} from '../../src/workflows/order/activityStubs';
import type { ReturnActivityGroups } from '../../src/workflows/returns/activityStubs';

type Has<T, K extends string> = K extends keyof T ? true : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Grouped =
  keyof (OrderStoreActivities & InventoryActivities & RuleActivities & ErpActivities & CrmActivities & CarrierActivities & ChannelActivities & GatewayActivities) | ReturnGrouped;
// The return workflow's groups (src/workflows/returns/activityStubs.ts).
type ReturnGrouped = keyof (ReturnActivityGroups['store'] &
  ReturnActivityGroups['carrier'] &
  ReturnActivityGroups['gateway'] &
  ReturnActivityGroups['erp'] &
  ReturnActivityGroups['channel'] &
  ReturnActivityGroups['exchange']);

const storeHasErp: Has<OrderStoreActivities, 'erpCreateSalesOrder'> = false;
const erpHasCarrier: Has<ErpActivities, 'carrierCreateShipment'> = false;
const inventoryHasStore: Has<InventoryActivities, 'saveOrderChanges'> = false;
const erpHasItsOwn: Has<ErpActivities, 'erpCreateSalesOrder'> = true;
// Every registered activity but the inventory-sync and Shopify reconciliation workflows' own is in a group, under the same name.
const onlySyncUngrouped: Same<Exclude<keyof OrderActivities, Grouped>, 'pushSellable' | 'shopifyReconcilePage'> = true;

test('activity groups are disjoint by type and cover the registered names', () => {
  expect([storeHasErp, erpHasCarrier, inventoryHasStore, erpHasItsOwn, onlySyncUngrouped]).toEqual([false, false, false, true, true]);
});
