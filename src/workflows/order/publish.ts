import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { openHolds, openReasons } from '../../domain/holds';
import type { OrderState } from '../../domain/order';
import type { OrderStatus } from '../../domain/orderStatus';
import { EscalatedHoldsKey, HoldReasonsKey, IsLateKey, OrderStatusKey, PaymentStatusKey, PriorityClassKey, ShipByKey } from '../searchAttributes';

export const describeStatus = (status: OrderStatus): string => status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Keeps the Temporal UI's search attributes and "current details" in step with the order. Only
 * the attributes whose value changed are upserted (each upsert is a history event and a visibility write).
 */
export class Publisher {
  private readonly last = new Map<string, string>();

  publish(state: OrderState): void {
    const changed = searchAttributes(state).filter((u) => this.last.get(u.key.name) !== JSON.stringify(u.value));
    changed.forEach((u) => this.last.set(u.key.name, JSON.stringify(u.value)));
    if (changed.length > 0) upsertSearchAttributes(changed);
    setCurrentDetails(details(state));
  }
}

function searchAttributes(state: OrderState): SearchAttributeUpdatePair[] {
  // Only attributes the order was started with: a server without them (the time-skipping test
  // server) would otherwise reject the workflow task.
  const present = workflowInfo().typedSearchAttributes;
  const updates: SearchAttributeUpdatePair[] = [
    { key: OrderStatusKey, value: state.status },
    { key: PaymentStatusKey, value: state.paymentStatus },
  ].filter((u) => present.get(u.key) !== undefined);
  const rules = state.rules;
  if (rules && present.get(OrderStatusKey) !== undefined) {
    const open = openHolds(state.holds);
    updates.push(
      { key: PriorityClassKey, value: rules.priorityClass },
      { key: HoldReasonsKey, value: openReasons(open) },
      { key: EscalatedHoldsKey, value: openReasons(open.filter((h) => h.escalatedAt !== undefined)) },
      { key: IsLateKey, value: rules.late },
      { key: ShipByKey, value: rules.shipBy ? new Date(rules.shipBy) : null },
    );
  }
  return updates;
}

function details(state: OrderState): string {
  const rules = state.rules;
  const parcels = state.shipments.map((s) => `${s.locationId}: ${s.status}${s.trackingNumber ? ` (${s.trackingNumber})` : ''}`);
  const holds = openHolds(state.holds).map((h) => `${h.reason}${h.escalatedAt ? ' (ESCALATED)' : ''} since ${h.placedAt}${h.note ? ` – ${h.note}` : ''}`);
  return [
    `**${describeStatus(state.status)}**`,
    `payment: ${state.paymentStatus}, fulfillment: ${state.fulfillmentStatus}`,
    state.waitingFor ? `waiting for: ${state.waitingFor}` : '',
    holds.length > 0 ? `holds: ${holds.join('; ')}` : '',
    rules
      ? `priority: ${rules.priorityClass} (${rules.priorityScore})${rules.shipBy ? `, ship by ${rules.shipBy}${rules.late ? ' – LATE' : ''}` : ''}, rules v${rules.ruleSetVersion}`
      : '',
    parcels.length > 0 ? `parcels: ${parcels.join('; ')}` : '',
    state.cancelReason ? `cancel reason: ${state.cancelReason}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
