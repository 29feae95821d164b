import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { openHolds, openReasons } from '../../domain/holds';
import type { OrderState } from '../../domain/order';
import type { OrderStatus } from '../../domain/orderStatus';
import { EscalatedHoldsKey, HoldReasonsKey, IsLateKey, OrderStatusKey, PaymentStatusKey, PriorityClassKey, ShipByKey } from '../searchAttributes';

export const describeStatus = (status: OrderStatus): string => status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Keeps the Temporal UI's search attributes and "current details" in step with the order. Each
 * upsert is a command, a history event and a visibility write on the server, so only attributes
 * whose value differs from what the server holds are sent (the start's values count, and an
 * absent list or date is the same as an empty one), and the changes of one step go out together:
 * `publish({ defer: true })` keeps them for the next `flush()`, which the read model calls just
 * before its next database activity (in the same workflow task).
 */
export class Publisher {
  private readonly last = new Map<string, string>();
  private readonly pending = new Map<string, SearchAttributeUpdatePair>();

  constructor() {
    const present = workflowInfo().typedSearchAttributes;
    for (const key of PUBLISHED) {
      const value = present.get(key as never) as unknown;
      this.last.set(key.name, JSON.stringify(value ?? ABSENT[key.name] ?? null));
    }
  }

  publish(state: OrderState, options: { defer?: boolean } = {}): void {
    for (const u of searchAttributes(state)) {
      const value = JSON.stringify(u.value);
      if (this.last.get(u.key.name) === value) continue;
      this.last.set(u.key.name, value);
      this.pending.set(u.key.name, u);
    }
    if (!options.defer) this.flush();
    setCurrentDetails(details(state));
  }

  /** Sends the changed attributes held back, as one upsert. */
  flush(): void {
    if (this.pending.size === 0) return;
    upsertSearchAttributes([...this.pending.values()]);
    this.pending.clear();
  }
}

const PUBLISHED = [OrderStatusKey, PaymentStatusKey, PriorityClassKey, HoldReasonsKey, EscalatedHoldsKey, IsLateKey, ShipByKey];
/** What an attribute the server does not hold reads as: upserting these values would remove it, which changes nothing. */
const ABSENT: Record<string, unknown> = { [HoldReasonsKey.name]: [], [EscalatedHoldsKey.name]: [], [ShipByKey.name]: null };

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
