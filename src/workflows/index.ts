// Every workflow type the worker registers.
export { orderWorkflow } from './order.workflow';
export { inventorySyncWorkflow } from './inventorySync.workflow';
