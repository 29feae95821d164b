import { condition, workflowInfo } from '@temporalio/workflow';
import { SYSTEM_ACTOR, applyHoldChanges, noHoldChanges, openHolds, openReasons, releaseAll, type HoldChanges } from '../../domain/holds';
import { validatePlaceHold, validateReleaseHold } from '../../domain/orderChecks';
import { reconcileWithChannel } from '../../domain/orderMoney';
import { decideOrder, describeDecision, type DecisionContext } from '../../domain/orderDecision';
import type { HoldReason } from '../../domain/rules/types';
import type { PlaceHoldInput, ReleaseHoldInput } from '../messages';
import { nowIso, type OrderContext } from './context';
import { check } from './failures';
import type { TimelineEntry } from './readModel';

export interface EvaluateOptions {
  /** Evaluate with the active rule set instead of the version the order was first decided with. */
  latest?: boolean;
  /** Write the decision with the next database activity. */
  later?: boolean;
}

/**
 * The rules (priority, ship-by, tags, holds they place or lift) and the holds (the rules', the
 * order's own and the operators'): every change goes to the state, the read model and the timeline.
 */
export class HoldsAndRules {
  private ruleContext?: DecisionContext;
  private readonly receivedAt = workflowInfo().runStartTime.toISOString();

  constructor(private readonly o: OrderContext) {}

  /** The order row is written and what the rules need is loaded in one activity. */
  async receive(): Promise<void> {
    this.ruleContext = await this.o.acts.rules.receiveOrder(this.o.input, this.o.state.totals);
  }

  /**
   * The hub's totals against the channel's (channelTotals): any difference, one minor unit
   * included, holds the order `total_mismatch` with both figures in the note; nothing is adjusted.
   * Written with the next database activity (the rules' first evaluation).
   */
  async checkChannelTotals(): Promise<void> {
    const reconciliation = reconcileWithChannel(this.o.input, this.o.state.totals);
    if (reconciliation.ok) return;
    const changes = this.placeOwn('total_mismatch', reconciliation.note);
    const event = {
      type: 'hold_placed',
      message: `total_mismatch hold placed: ${reconciliation.note}`,
      data: { reason: 'total_mismatch', mismatches: reconciliation.mismatches },
      dedupeKey: 'total_mismatch',
    };
    await this.o.progress({}, event, { control: { holds: changes }, later: true });
  }

  /** Runs the rules (the version first used, unless `latest`) and records what they decided. */
  async evaluate(trigger: string, options: EvaluateOptions = {}): Promise<void> {
    const { input, state } = this.o;
    if (!this.ruleContext || options.latest) {
      this.ruleContext = await this.o.acts.rules.loadRuleContext(input.orderId, options.latest ? undefined : this.ruleContext?.ruleSetVersion, input.billingCountry);
    }
    const paymentStatus = input.payment.status === 'paid' ? 'paid' : state.paymentStatus;
    const order = { ...input, shippingAddress: state.shippingAddress };
    const decision = decideOrder(this.ruleContext, order, { paymentStatus, holds: state.holds, previous: state.rules }, this.receivedAt, nowIso());
    state.rules = decision.outcome;
    state.holds = decision.holds;
    this.o.bump();
    const { log, evaluations, late: _late, preferredLocationId: _preferred, ...columns } = decision.outcome;
    const data = {
      trigger,
      ruleSetVersion: this.ruleContext.ruleSetVersion,
      matched: log.filter((l) => l.matched),
      notMatched: log.filter((l) => !l.matched).map((l) => l.ruleId),
      holdsPlaced: decision.changes.placed.map((h) => h.reason),
      holdsReleased: decision.changes.released.map((h) => h.reason),
    };
    const event = { type: 'rules_evaluated', message: describeDecision(trigger, decision), data, dedupeKey: `rules:${evaluations}` };
    await this.o.progress({}, event, { control: { rules: columns, holds: decision.changes }, later: options.later });
  }

  /** Applies hold changes and writes them with their timeline event. */
  async change(changes: HoldChanges, event: Omit<TimelineEntry, 'dedupeKey'>): Promise<void> {
    this.o.state.holds = applyHoldChanges(this.o.state.holds, changes);
    const version = this.o.bump();
    await this.o.progress({}, { ...event, dedupeKey: `${event.type}:${version}` }, { control: { holds: changes } });
  }

  async placeByOperator(request: PlaceHoldInput): Promise<void> {
    check(validatePlaceHold(this.o.state, request));
    const note = request.note ? `: ${request.note}` : '';
    const placed = { reason: request.reason, ...(request.note && { note: request.note }), placedBy: request.placedBy, placedAt: nowIso() };
    await this.change(
      { ...noHoldChanges(), placed: [placed] },
      { type: 'hold_placed', message: `${request.reason} hold placed by ${request.placedBy}${note}`, data: { ...request } },
    );
  }

  async releaseByOperator(request: ReleaseHoldInput): Promise<void> {
    check(validateReleaseHold(this.o.state, request));
    const hold = openHolds(this.o.state.holds).find((h) => h.reason === request.reason)!;
    const note = request.note ? `: ${request.note}` : '';
    const released = { reason: hold.reason, placedAt: hold.placedAt, releasedAt: nowIso(), releasedBy: request.releasedBy, ...(request.note && { note: request.note }) };
    await this.change(
      { ...noHoldChanges(), released: [released] },
      { type: 'hold_released', message: `${request.reason} hold released by ${request.releasedBy}${note}`, data: { ...request } },
    );
  }

  /** A hold the order places on itself (out of stock, a partner step failed); applied to the state, returned for the write. */
  placeOwn(reason: HoldReason, note: string): HoldChanges {
    const changes = { ...noHoldChanges(), placed: [{ reason, note, placedBy: SYSTEM_ACTOR, placedAt: nowIso() }] };
    this.o.state.holds = applyHoldChanges(this.o.state.holds, changes);
    return changes;
  }

  /** Releases every open hold and places this one in the same change (a cancellation that needs an operator). */
  replaceAllWithOwn(reason: HoldReason, note: string): HoldChanges {
    const placedAt = nowIso();
    const changes = { ...releaseAll(this.o.state.holds, SYSTEM_ACTOR, placedAt, 'order cancelled'), placed: [{ reason, note, placedBy: SYSTEM_ACTOR, placedAt }] };
    this.o.state.holds = applyHoldChanges(this.o.state.holds, changes);
    return changes;
  }

  /** Ends the open hold of this reason, if there is one (the stock came, the step was settled). */
  releaseOwn(reason: HoldReason, releasedBy = SYSTEM_ACTOR): HoldChanges | undefined {
    const hold = openHolds(this.o.state.holds).find((h) => h.reason === reason);
    if (!hold) return undefined;
    const changes = { ...noHoldChanges(), released: [{ reason, placedAt: hold.placedAt, releasedAt: nowIso(), releasedBy }] };
    this.o.state.holds = applyHoldChanges(this.o.state.holds, changes);
    return changes;
  }

  /** A cancelled order's holds stop nothing any more: all released. */
  releaseAllOnCancel(): HoldChanges | undefined {
    if (openHolds(this.o.state.holds).length === 0) return undefined;
    const changes = releaseAll(this.o.state.holds, SYSTEM_ACTOR, nowIso(), 'order cancelled');
    this.o.state.holds = applyHoldChanges(this.o.state.holds, changes);
    return changes;
  }

  /** Holds the order at the gate until every hold is released (or a cancel arrives); false on cancel. */
  async gate(): Promise<boolean> {
    const { state, inbox } = this.o;
    if (openHolds(state.holds).length === 0) return true;
    const reasons = openReasons(state.holds);
    state.waitingFor = `release of holds: ${reasons.join(', ')}`;
    await this.o.progress({ status: 'on_hold' }, { type: 'on_hold', message: `On hold: ${reasons.join(', ')}`, data: { reasons }, dedupeKey: `on_hold:${this.o.controlVersion}` });
    await condition(() => openHolds(state.holds).length === 0 || inbox.cancel !== undefined);
    state.waitingFor = undefined;
    return inbox.cancel === undefined;
  }
}
