export { createSimulatorApp } from './app';
export { startSimulators, type RunningSimulators, type SimulatorOptions } from './server';
export { createSimulatorState, type SimulatorState, type SimulatorStateOptions } from './state';
export {
  FaultConfigError,
  FaultInjector,
  faultConfigFromEnv,
  parseFaultConfig,
  type FaultConfig,
  type FaultPatch,
  type FaultSnapshot,
  type FaultSpec,
} from './faults';
export { simulatorOptionsFromEnv, SimulatorConfigError } from './config';
export { SYSTEM_NAMES, type SystemName } from './systems';
export type { CallFilter, CallRecord } from './journal';
export type { CarrierShipment, CarrierEventType, HubNotification, ShipmentStatus } from './carrierShipments';
export { CARRIER_NAME } from './carrierShipments';
export type { ChannelStockLevel } from './channelInventory';
