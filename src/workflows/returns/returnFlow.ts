import { condition } from '@temporalio/workflow';
import { checkReceipt, type ReceivedLine } from '../../domain/returns';
import type { CarrierEvent } from '../messages';
import { check, invalidState } from '../order/failures';
import { returnActivityGroups, type ReturnActivityGroups } from './activityStubs';
import { ReturnAttention } from './attention';
import type { ReceiptInput, ReturnFlowState, ReturnRetryInput, ReturnWorkflowInput } from './messages';
import { setReturnStatus } from './publish';
import { settleReturn } from './settlement';

/** Scans that show the customer handed the parcel over. */
const MOVING: ReadonlySet<CarrierEvent['type']> = new Set(['dispatched', 'in_transit', 'delivered']);

/**
 * One return's story (workflow `return:<returnId>`): a label, then the parcel (or its expiry), then
 * the receipt and what follows it (./settlement.ts). Message handlers only record what arrived; the
 * story acts on it in order, so a scan and a receipt arriving together end the same way on replay.
 */
export class ReturnFlow {
  readonly state: ReturnFlowState;
  readonly acts: ReturnActivityGroups;
  readonly attention: ReturnAttention;
  private receipt?: { input: ReceiptInput; lines: ReceivedLine[] };
  private parcelMoving = false;

  constructor(readonly input: ReturnWorkflowInput) {
    this.state = { returnId: input.returnId, status: 'requested', attention: {}, done: [] };
    this.acts = returnActivityGroups(input);
    this.attention = new ReturnAttention(this.state, this.acts.store);
  }

  async run(): Promise<ReturnFlowState> {
    const facts = await this.acts.store.loadReturnFacts(this.input.returnId);
    // Started again after it ended (a sweeper's late start): nothing left to do.
    if (['refunded', 'closed', 'expired'].includes(facts.status)) {
      setReturnStatus(this.state, facts.status);
      return this.state;
    }
    // An exchange the channel ships at once: the replacement leaves before the parcel comes back.
    if (this.input.exchange?.shipsAt === 'at_once') await this.acts.exchange.startReplacementOrder(this.input.returnId);
    await this.issueLabel(facts.trackingNumber);
    if (!(await this.awaitParcel())) return this.expire();
    this.state.waitingFor = 'the receipt at a location';
    await condition(() => this.receipt !== undefined);
    this.state.waitingFor = undefined;
    await settleReturn(this, this.receipt!.input, this.receipt!.lines);
    return this.state;
  }

  validateReceipt(request: ReceiptInput): void {
    if (this.receipt) throw invalidState(`return ${this.input.returnId} was received already`);
    if (this.state.status === 'expired') throw invalidState(`return ${this.input.returnId} expired: its units were released`);
    const lines = checkReceipt(this.input.lines, request.lines);
    if (!Array.isArray(lines)) check(lines);
  }

  /** Answers once the receipt is in the database (the return is `received`, the order's status follows). */
  async receive(request: ReceiptInput): Promise<ReturnFlowState> {
    this.validateReceipt(request);
    this.receipt = { input: request, lines: checkReceipt(this.input.lines, request.lines) as ReceivedLine[] };
    await condition(() => this.state.done.includes('receipt'));
    return this.state;
  }

  validateRetry(request: ReturnRetryInput): void {
    const problem = this.attention.validateRetry(request);
    if (problem) throw invalidState(problem);
  }

  async retry(request: ReturnRetryInput): Promise<ReturnFlowState> {
    await this.attention.retry(request);
    return this.state;
  }

  carrierEvent(event: CarrierEvent): void {
    if (MOVING.has(event.type)) this.parcelMoving = true;
  }

  /** The label from the carrier (once: keyed by the return); kept when the return had one already. */
  private async issueLabel(existing: string | undefined): Promise<void> {
    if (existing) {
      this.state.trackingNumber = existing;
      setReturnStatus(this.state, 'label_issued');
      return;
    }
    const { carrier, store } = this.acts;
    const label = await this.attention.critical('carrier', 'return label', () => carrier.carrierCreateReturnLabel(this.input.returnId));
    await store.recordReturnLabel(this.input.returnId, label);
    this.state.trackingNumber = label.trackingNumber;
    setReturnStatus(this.state, 'label_issued');
    this.state.done.push('label');
  }

  /** False when neither a scan nor a receipt came before the expiry. Once the parcel moves, the expiry no longer applies. */
  private async awaitParcel(): Promise<boolean> {
    this.state.waitingFor = "the return parcel's first scan";
    const came = await condition(() => this.parcelMoving || this.receipt !== undefined, this.input.expiryMs);
    if (!came) return false;
    if (this.parcelMoving && this.receipt === undefined) {
      setReturnStatus(this.state, 'in_transit');
      await this.acts.store.recordReturnStatus(this.input.returnId, 'in_transit');
    }
    return true;
  }

  /** Its units are released (the triggers stop counting them); the unused label is voided, best effort. */
  private async expire(): Promise<ReturnFlowState> {
    setReturnStatus(this.state, 'expired');
    this.state.waitingFor = undefined;
    await this.acts.store.recordReturnStatus(this.input.returnId, 'expired');
    // An exchange's held units go back (nothing once its replacement order started: that order owns them).
    if (this.input.exchange) await this.acts.exchange.releaseExchangeStock(this.input.returnId);
    if (this.state.trackingNumber) {
      try {
        await this.acts.carrier.carrierVoidReturnLabel(this.input.returnId, this.state.trackingNumber);
        this.state.done.push('label voided');
      } catch {
        // A label nobody used costs nothing at the simulated carrier; the return stays expired either way.
      }
    }
    return this.state;
  }
}
