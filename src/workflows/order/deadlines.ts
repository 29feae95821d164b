import { condition } from '@temporalio/workflow';
import { untilText } from './summaries';
import { DEFAULT_HOLD_SLA_MS, holdsToEscalate, nextEscalationAt, noHoldChanges } from '../../domain/holds';
import { hasShipped } from '../../domain/orderChecks';
import { nowIso, type OrderContext } from './context';
import type { HoldsAndRules } from './holdsAndRules';

/**
 * Runs beside the story for the order's whole life: escalates holds that outlive their SLA and
 * marks the order late when its ship-by passes. It re-plans on every rules or holds change.
 */
export class Deadlines {
  private readonly sla: typeof DEFAULT_HOLD_SLA_MS;

  constructor(
    private readonly o: OrderContext,
    private readonly holds: HoldsAndRules,
  ) {
    this.sla = { ...DEFAULT_HOLD_SLA_MS, ...o.options.holdSlaMs };
  }

  async watch(): Promise<void> {
    const o = this.o;
    while (!o.done) {
      const seen = o.controlVersion;
      const changed = () => o.done || o.controlVersion !== seen;
      const next = Math.min(nextEscalationAt(o.state.holds, this.sla) ?? Infinity, this.shipBy() ?? Infinity);
      if (next === Infinity) {
        await condition(changed);
        continue;
      }
      if (next > Date.now() && (await condition(changed, next - Date.now(), { summary: `next deadline (hold SLA or ship-by) at ${untilText(next - Date.now())}` }))) continue;
      if (o.done) return;
      await o.exclusive(() => this.actOnDue());
    }
  }

  /** The ship-by deadline (epoch ms) while it can still be missed. */
  private shipBy(): number | undefined {
    const rules = this.o.state.rules;
    return rules?.shipBy && !rules.late && !hasShipped(this.o.state.status) ? Date.parse(rules.shipBy) : undefined;
  }

  private async actOnDue(): Promise<void> {
    const due = holdsToEscalate(this.o.state.holds, this.sla, Date.now());
    if (due.length > 0) {
      const escalated = due.map((h) => ({ reason: h.reason, placedAt: h.placedAt, escalatedAt: nowIso() }));
      const reasons = due.map((h) => h.reason);
      await this.holds.change({ ...noHoldChanges(), escalated }, { type: 'hold_escalated', message: `Hold open past its SLA: ${reasons.join(', ')}`, data: { reasons } });
    }
    const shipBy = this.shipBy();
    const rules = this.o.state.rules;
    if (rules && shipBy !== undefined && Date.now() >= shipBy) {
      rules.late = true;
      this.o.bump();
      await this.o.progress({}, { type: 'late', message: `Not shipped by its ship-by deadline ${rules.shipBy}`, data: { shipBy: rules.shipBy }, dedupeKey: 'late' });
    }
  }
}
