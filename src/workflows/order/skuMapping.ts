import { condition } from '@temporalio/workflow';
import { openHolds } from '../../domain/holds';
import type { OrderInput } from '../../domain/order';
import type { OrderContext } from './context';
import { invalidState } from './failures';
import type { HoldsAndRules } from './holdsAndRules';

/** "line 2 (SKU GIFT-9), line 3 (SKU X-1)": what the hold's note and the refusal name. */
export const describeUnmapped = (lines: readonly { lineNo: number; sku: string }[]): string => lines.map((l) => `line ${l.lineNo} (SKU ${l.sku})`).join(', ');

/**
 * Lines whose SKU the hub did not know when the order arrived (OrderInput.unmappedLines). The
 * channel sold them and has the money, so the order is accepted and held (`unmapped_sku`) before
 * any reservation: there is no stock to reserve for a product the hub does not have. An operator
 * releases the hold once the product exists (today a products row, later the catalog's mapping);
 * the release checks the SKUs again and is refused (409) while one is still unknown.
 */
export class SkuMapping {
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

  private isHeld(): boolean {
    return openHolds(this.o.state.holds).some((h) => h.reason === 'unmapped_sku');
  }
}
