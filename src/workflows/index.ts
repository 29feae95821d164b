// Every workflow type the worker registers.
export { orderWorkflow } from './order/orderWorkflow';
export { inventorySyncWorkflow } from './inventorySync.workflow';
export type { OrderWorkflowOptions } from './order/options';
export { shopifyReconcileWorkflow } from './shopifyReconcile.workflow';
export { marketplacePollerWorkflow } from './marketplace/pollerWorkflow';
export { returnWorkflow } from './returns/returnWorkflow';
