import { condition } from '@temporalio/workflow';
import { openHolds } from '../../domain/holds';
import type { OrderInput } from '../../domain/order';
import type { OrderProblem } from '../../domain/orderChecks';
import type { MapLinesInput } from '../messages';
import type { OrderContext } from './context';
import { invalidState } from './failures';
import type { HoldsAndRules } from './holdsAndRules';

/** "line 2 (SKU GIFT-9), line 3 (SKU X-1)": what the hold's note and the refusal name. */
export const describeUnmapped = (lines: readonly { lineNo: number; sku: string }[]): string => lines.map((l) => `line ${l.lineNo} (SKU ${l.sku})`).join(', ');

/**
 * Lines whose SKU the hub did not know when the order arrived (OrderInput.unmappedLines). The
 * channel sold them and has the money, so the order is accepted and held (`unmapped_sku`) before
 * any reservation: there is no stock to reserve for a product the hub does not have. When a
 * product or listing that resolves a line is added, the catalog API sends `mapLines`: the line
 * takes its hub SKU (state and read model) and, once no line is left unmapped, the hold is
 * released. An operator may still release the hold; the release checks the SKUs again and is
 * refused (409) while one is still unknown.
 */
export class SkuMapping {
  /** Lines mapLines has given a hub SKU. */
  private readonly mapped = new Set<number>();

  constructor(
    private readonly o: OrderContext,
    private readonly holds: HoldsAndRules,
  ) {}

  private get unmapped(): NonNullable<OrderInput['unmappedLines']> {
    return this.o.input.unmappedLines ?? [];
  }

  /** Waits while the order has unknown SKUs; false when a cancel ended the wait. Orders without any do nothing (their histories are unchanged). */
  async awaitMapping(): Promise<boolean> {
    const { state, inbox } = this.o;
    if (this.unmapped.length === 0) return true;
    const note = `unknown SKU on ${describeUnmapped(this.unmapped)}: add the product, then release the hold`;
    const placed = this.holds.placeOwn('unmapped_sku', note);
    state.waitingFor = 'release of holds: unmapped_sku';
    // The status stays `received` (the hold and waitingFor say why it waits): on_hold leads only
    // to fulfilling, and after this hold the order still goes to its stock and payment.
    await this.o.progress({}, { type: 'unmapped_sku', message: `On hold: ${note}`, data: { lines: this.unmapped } }, { control: { holds: placed } });
    await condition(() => !this.isHeld() || inbox.cancel !== undefined);
    state.waitingFor = undefined;
    return inbox.cancel === undefined;
  }

  /** For an operator's release: throws a 409 naming the lines whose SKU the hub still does not know. */
  async checkReleasable(): Promise<void> {
    const skus = [...new Set(this.unmapped.map((l) => l.sku))];
    if (skus.length === 0) return;
    const unknown = new Set(await this.o.acts.rules.unknownSkus(skus));
    const still = this.unmapped.filter((l) => unknown.has(l.sku));
    if (still.length > 0) throw invalidState(`the hub still does not know the SKU of ${describeUnmapped(still)}; add the product before releasing the unmapped_sku hold`);
  }

  /** Refused before it reaches the history: a line that is not (or no longer) unmapped, or an order no longer waiting for its SKUs. */
  validateMapLines(request: MapLinesInput): OrderProblem | undefined {
    const lines = Array.isArray(request?.lines) ? request.lines : [];
    if (lines.length === 0 || typeof request.mappedBy !== 'string' || request.mappedBy === '') return { kind: 'invalid_input', message: 'mapLines needs lines and mappedBy' };
    if (!this.isHeld()) return { kind: 'invalid_state', message: 'the order has no open unmapped_sku hold' };
    const seen = new Set<number>();
    for (const l of lines) {
      if (typeof l.sku !== 'string' || l.sku === '' || typeof l.requiresShipping !== 'boolean')
        return { kind: 'invalid_input', message: `line ${l.lineNo}: sku and requiresShipping are required` };
      if (seen.has(l.lineNo)) return { kind: 'invalid_input', message: `line ${l.lineNo} is given twice` };
      seen.add(l.lineNo);
      if (!this.unmapped.some((u) => u.lineNo === l.lineNo)) return { kind: 'invalid_state', message: `line ${l.lineNo} is not an unmapped line` };
      if (this.mapped.has(l.lineNo)) return { kind: 'invalid_state', message: `line ${l.lineNo} is mapped already` };
    }
    return undefined;
  }

  /**
   * The lines take their hub SKUs: in the workflow's input (reservation, ERP and carrier read the
   * lines from there or from order_lines) and in order_lines, then the hold is released when no
   * line is left unmapped. Runs on the exclusive chain, like every hold change.
   */
  async mapLines(request: MapLinesInput): Promise<void> {
    const { input } = this.o;
    await this.o.acts.store.mapOrderLines(input.orderId, request.lines);
    for (const l of request.lines) {
      const line = input.lines.find((x) => x.lineNo === l.lineNo)!;
      line.sku = l.sku;
      if (l.requiresShipping) delete line.requiresShipping;
      else line.requiresShipping = false;
      // The unmapped entry keeps the hub SKU too, so an operator's release checks the SKU it has now.
      this.unmapped.find((u) => u.lineNo === l.lineNo)!.sku = l.sku;
      this.mapped.add(l.lineNo);
    }
    const described = request.lines.map((l) => `line ${l.lineNo} is ${l.sku}`).join(', ');
    const left = this.unmapped.filter((u) => !this.mapped.has(u.lineNo));
    if (left.length > 0) {
      const event = { type: 'lines_mapped', message: `Mapped by ${request.mappedBy}: ${described}; still unknown: ${describeUnmapped(left)}`, data: { ...request } };
      await this.o.progress({}, { ...event, dedupeKey: `lines_mapped:${this.o.bump()}` });
      return;
    }
    const released = this.holds.releaseOwn('unmapped_sku', request.mappedBy)!;
    const version = this.o.bump();
    const event = { type: 'hold_released', message: `unmapped_sku hold released: ${described} (mapped by ${request.mappedBy})`, data: { reason: 'unmapped_sku', ...request } };
    await this.o.progress({}, { ...event, dedupeKey: `hold_released:${version}` }, { control: { holds: released } });
  }

  private isHeld(): boolean {
    return openHolds(this.o.state.holds).some((h) => h.reason === 'unmapped_sku');
  }
}
