import { condition } from '@temporalio/workflow';
import { untilText } from './summaries';
import type { ReserveResult } from '../../activities/inventory';
import type { CancelRequest, OrderContext } from './context';
import type { HoldsAndRules } from './holdsAndRules';

const DEFAULT_BACKORDER_TIMEOUT_MS = 14 * 24 * 3_600_000;
const BACKORDER_RECHECK_MS = 3_600_000;
type Shortfall = Extract<ReserveResult, { ok: false }>;

/** The order's stock: reserved all or nothing, or waited for in the backorder queue. */
export class Stock {
  constructor(
    private readonly o: OrderContext,
    private readonly holds: HoldsAndRules,
  ) {}

  /** Reserves the order's stock (waiting in the backorder queue when short); a cancellation when it cannot. */
  async reserve(): Promise<CancelRequest | undefined> {
    const { input, options, state, model } = this.o;
    // A pickup takes its goods where the customer stands; otherwise where the rules prefer.
    const preferredLocationId = input.fulfillment?.pickupLocationId ?? state.rules?.preferredLocationId;
    // The rules' decision, held back since the order was received, is written in the same activity.
    let reservation = await model.withPending((changes) => this.o.acts.inventory.reserveStock(input.orderId, options.backorderPolicy, preferredLocationId, changes));
    if (!reservation.ok) {
      if (reservation.backorderPolicy === 'cancel') return { reason: 'insufficient_stock', data: { shortfall: reservation.shortfall } };
      reservation = await this.waitInBackorderQueue(reservation);
      if (!reservation.ok) return this.o.inbox.cancel ? this.o.requestedCancel() : { reason: 'backorder_timeout', data: { shortfall: reservation.shortfall } };
    }
    state.allocations = reservation.allocations;
    this.o.undo.push('release stock', () => this.o.acts.inventory.releaseStock(input.orderId, 'order cancelled'));
    const stockArrived = this.holds.releaseOwn('inventory');
    // Written with the payment wait's or the fulfillment start's write.
    await this.o.progress(
      { fulfillmentStatus: 'reserved' },
      { type: 'stock_reserved', message: 'Stock reserved', data: { allocations: reservation.allocations } },
      { control: stockArrived && { holds: stockArrived }, later: true },
    );
    return undefined;
  }

  /** Waits for a receipt or release to reserve the stock, until the backorder timeout or a cancel. */
  private async waitInBackorderQueue(short: Shortfall): Promise<ReserveResult> {
    const { input, inbox, state } = this.o;
    await this.enterQueue(short);
    const deadline = Date.now() + (this.o.options.backorderTimeoutMs ?? DEFAULT_BACKORDER_TIMEOUT_MS);
    let result: ReserveResult = short;
    while (!result.ok) {
      const left = deadline - Date.now();
      if (left <= 0 || inbox.cancel) break;
      // A receipt that reserved for us signals; the hourly re-check covers a lost signal.
      await condition(() => inbox.stockReserved || inbox.cancel !== undefined, Math.min(left, BACKORDER_RECHECK_MS), {
        summary: `backordered: wait for stock, re-check at ${untilText(Math.min(left, BACKORDER_RECHECK_MS))}`,
      });
      inbox.stockReserved = false;
      if (!inbox.cancel) result = await this.o.acts.inventory.reserveStock(input.orderId, this.o.options.backorderPolicy);
    }
    state.waitingFor = undefined;
    await this.o.acts.inventory.closeBackorder(input.orderId, result.ok ? 'reserved' : 'cancelled');
    // A receipt may have reserved for us in the same moment: give it back.
    if (!result.ok) await this.o.acts.inventory.releaseStock(input.orderId, 'backorder ended');
    return result;
  }

  /** Joins the queue for the SKUs it is short of (keeping what it holds, under reserve_available) and says so. */
  private async enterQueue({ shortfall, backorderPolicy, allocations }: Shortfall): Promise<void> {
    const { input, state } = this.o;
    const holding = allocations ?? [];
    const queueOptions = { partial: backorderPolicy === 'reserve_available', priorityScore: state.rules?.priorityScore ?? 0 };
    await this.o.acts.inventory.registerBackorder(input.orderId, state.workflowId, shortfall, queueOptions);
    state.waitingFor = 'stock';
    state.allocations = holding;
    const units = shortfall.map((s) => `${s.requested - s.available} × ${s.sku}`).join(', ');
    const held = holding.length > 0 ? `; holding ${holding.map((a) => `${a.quantity} × ${a.sku} at ${a.locationId}`).join(', ')}` : '';
    const outOfStock = this.holds.placeOwn('inventory', `short of ${units}`);
    await this.o.progress(
      { status: 'backordered' },
      { type: 'backordered', message: `Backordered: short of ${units}${held}`, data: { shortfall, holding } },
      { control: { holds: outOfStock } },
    );
  }

  /** The parcel left (or the customer took the goods): the units leave stock, with the writes held back. */
  async commit(locationId: string): Promise<void> {
    await this.o.model.withPending((changes) => this.o.acts.inventory.commitShipmentStock(this.o.input.orderId, locationId, changes));
  }
}
