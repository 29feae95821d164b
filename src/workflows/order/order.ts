import { condition } from '@temporalio/workflow';
import type { OrderInput, OrderState } from '../../domain/order';
import {
  addressInput,
  cancelInProgress,
  operatorActorInput,
  placeHoldInput,
  reevaluateInput,
  releaseHoldInput,
  rulesDecided,
  validateAddressCorrection,
  validateCancel,
  validatePayment,
  validatePlaceHold,
  validateReevaluate,
  validateReleaseHold,
  validateRetry,
  validateSkip,
  type OrderProblem,
} from '../../domain/orderChecks';
import type {
  AcceptResult,
  CancelInput,
  CarrierEvent,
  CorrectAddressInput,
  MapLinesInput,
  PaymentInput,
  PlaceHoldInput,
  ReevaluateInput,
  ReleaseHoldInput,
  RetryStepInput,
  SkipStepInput,
} from '../messages';
import { Attention } from './attention';
import { Capture } from './capture';
import { Compensation } from './compensation';
import { OrderContext } from './context';
import { Deadlines } from './deadlines';
import { check } from './failures';
import { Fulfillment } from './fulfillment';
import { HoldsAndRules } from './holdsAndRules';
import type { OrderWorkflowOptions } from './options';
import { Parcels } from './parcels';
import { PartialCancels } from './partialCancel';
import { Payments } from './payments';
import { SkuMapping } from './skuMapping';
import { Stock } from './stock';

/**
 * One order, from receipt to delivery or cancellation: `run()` is its story; the other methods
 * answer its messages. The data lives in the OrderContext; each part owns one kind of behaviour,
 * and the business rules themselves are in src/domain.
 */
export class Order {
  private readonly o: OrderContext;
  private readonly holds: HoldsAndRules;
  private readonly attention: Attention;
  private readonly stock: Stock;
  private readonly payments: Payments;
  private readonly capture: Capture;
  private readonly fulfillment: Fulfillment;
  private readonly parcels: Parcels;
  private readonly deadlines: Deadlines;
  private readonly compensation: Compensation;
  private readonly skuMapping: SkuMapping;
  private readonly partialCancels: PartialCancels;
  private accepts = 0;

  constructor(input: OrderInput, options: OrderWorkflowOptions) {
    const o = (this.o = new OrderContext(input, options));
    this.holds = new HoldsAndRules(o);
    this.attention = new Attention(o, this.holds);
    this.stock = new Stock(o, this.holds);
    this.capture = new Capture(o, this.holds);
    this.payments = new Payments(o, this.attention, this.capture);
    this.fulfillment = new Fulfillment(o, this.attention, this.holds);
    this.parcels = new Parcels(o, this.attention, this.capture);
    this.deadlines = new Deadlines(o, this.holds);
    this.skuMapping = new SkuMapping(o, this.holds);
    this.compensation = new Compensation(o, { payments: this.payments, holds: this.holds, attention: this.attention });
    this.partialCancels = new PartialCancels(o, { payments: this.payments, attention: this.attention });
  }

  get state(): OrderState {
    return this.o.state;
  }

  async run(): Promise<OrderState> {
    // 1. Recorded; priority, ship-by and holds decided by the rules (written with the reservation).
    await this.holds.receive();
    this.state.recorded = true;
    this.o.model.publish();
    await this.holds.checkChannelTotals();
    await this.o.exclusive(() => this.holds.evaluate('order received', { later: true }));
    void this.deadlines.watch();
    void this.capture.watchAuthorization();
    // A line whose SKU the hub does not know: held for an operator before any stock is taken.
    if (!(await this.skuMapping.awaitMapping())) return this.cancelAsRequested();
    // 2. Stock, all or nothing; when short, the order waits in the backorder queue.
    const noStock = await this.stock.reserve();
    if (noStock) return this.compensation.cancel(noStock);
    // 3. Payment: the channel's, or the one the order waits for.
    const noPayment = await this.payments.collect();
    if (noPayment) return this.compensation.cancel(noPayment);
    // A prepaid order was decided as paid already; a later payment may lift the payment hold.
    if (this.o.input.payment.status !== 'paid') await this.o.exclusive(() => this.holds.evaluate('payment received', { later: true }));
    // 4. Holds (fraud review, address, manual): the order waits here, reserved and paid.
    if (!(await this.holds.gate())) return this.cancelAsRequested();
    // 5. ERP, CRM and labels, in parallel; a pickup is handed over there and then.
    if ((await this.fulfillment.start()) === 'cancelled') return this.cancelAsRequested();
    if (this.fulfillment.isPickup) {
      await this.fulfillment.handOver();
      await this.capture.captureRest();
      return this.compensation.finish();
    }
    // Only lines that need no shipping (digital goods, gift cards): done without a carrier.
    if (!this.fulfillment.delivers) {
      await this.fulfillment.completeWithoutParcel();
      return this.compensation.finish();
    }
    // 6. The parcels travel until every one is delivered; a cancel still stops them before the first leaves.
    if ((await this.parcels.follow()) === 'cancelled') return this.cancelAsRequested();
    return this.compensation.finish();
  }

  private cancelAsRequested(): Promise<OrderState> {
    return this.compensation.cancel(this.o.requestedCancel());
  }

  /** Early return for the API: answers once the order is recorded. */
  async accept(): Promise<AcceptResult> {
    await condition(() => this.state.recorded);
    this.accepts += 1;
    return { orderId: this.state.orderId, workflowId: this.state.workflowId, status: this.state.status, created: this.accepts === 1 };
  }

  /** Once a cancel is accepted the order takes no payment and no change (409 cancel_in_progress). */
  private notCancelling(): OrderProblem | undefined {
    return cancelInProgress(this.state, { accepted: this.o.inbox.cancel !== undefined, compensating: this.o.cancelling });
  }

  validatePayment(payment: PaymentInput): void {
    const { input, inbox } = this.o;
    check(this.notCancelling() ?? validatePayment(this.state, input.payment.status === 'paid' ? input.payment : inbox.payment, payment));
  }

  async pay(payment: PaymentInput): Promise<OrderState> {
    this.payments.receive(payment);
    await condition(() => (this.state.paymentStatus !== 'pending' || this.state.status === 'cancelled') && this.o.model.persisted());
    return this.state;
  }

  validateCancel(request: CancelInput): void {
    check(this.notCancelling());
    // With lines, a partial cancel: refused before it reaches the history when it could not run now.
    if (request.lines !== undefined) this.partialCancels.plan(request);
    else check(validateCancel(this.state));
  }

  /** Answers when the order is cancelled, or when its cancellation waits for an operator (a refund that failed). */
  async cancel(request: CancelInput): Promise<OrderState> {
    if (request.lines !== undefined) return this.cancelLines(request);
    this.o.inbox.cancel = request;
    const waitsForOperator = () => this.o.cancelling && this.attention.waiting.size > 0;
    await condition(() => (this.state.status === 'cancelled' || waitsForOperator()) && this.o.model.persisted());
    return this.state;
  }

  /**
   * A partial cancel; one that takes every unit left before anything shipped is the full cancel.
   * Accepted before a full cancel, it runs first (the compensation's unwind queues behind it on the
   * exclusive chain and gives back only the rest); accepted after one, its validator refused it.
   */
  private async cancelLines(request: CancelInput): Promise<OrderState> {
    check(this.notCancelling());
    const compensating = () => cancelInProgress(this.state, { accepted: false, compensating: this.o.cancelling });
    if ((await this.partialCancels.run(request, compensating)) === 'full') {
      const cancel = this.o.inbox.cancel;
      if (!cancel) check(validateCancel(this.state));
      return this.cancel(cancel ?? { reason: request.reason, requestedBy: request.requestedBy });
    }
    await condition(() => this.o.model.persisted());
    return this.state;
  }

  validatePlaceHold(request: PlaceHoldInput): void {
    check(
      rulesDecided(this.state) ?? placeHoldInput(request) ?? operatorActorInput('placedBy', request.placedBy) ?? this.notCancelling() ?? validatePlaceHold(this.state, request),
    );
  }

  placeHold(request: PlaceHoldInput): Promise<OrderState> {
    return this.exclusively(() => this.holds.placeByOperator(request));
  }

  validateReleaseHold(request: ReleaseHoldInput): void {
    check(
      rulesDecided(this.state) ??
        releaseHoldInput(request) ??
        operatorActorInput('releasedBy', request.releasedBy) ??
        this.notCancelling() ??
        validateReleaseHold(this.state, request),
    );
  }

  releaseHold(request: ReleaseHoldInput): Promise<OrderState> {
    return this.exclusively(async () => {
      // The SKUs are checked again when the hold is released: the product must exist by now.
      if (request.reason === 'unmapped_sku') await this.skuMapping.checkReleasable();
      await this.holds.releaseByOperator(request);
    });
  }

  validateMapLines(request: MapLinesInput): void {
    check(this.notCancelling() ?? this.skuMapping.validateMapLines(request));
  }

  mapLines(request: MapLinesInput): Promise<OrderState> {
    return this.exclusively(async () => {
      // Checked again on the chain: an operator's release or a cancel may have come first.
      check(this.notCancelling() ?? this.skuMapping.validateMapLines(request));
      await this.skuMapping.mapLines(request);
    });
  }

  validateAddressCorrection(request: CorrectAddressInput): void {
    check(rulesDecided(this.state) ?? addressInput(request) ?? this.notCancelling() ?? validateAddressCorrection(this.state, request));
  }

  correctAddress(request: CorrectAddressInput): Promise<OrderState> {
    return this.exclusively(() => {
      // Checked again here: a cancel accepted while this correction queued has its compensation next in line.
      check(this.notCancelling());
      return this.fulfillment.correctAddress(request);
    });
  }

  validateReevaluate(request: ReevaluateInput): void {
    check(rulesDecided(this.state) ?? reevaluateInput(request) ?? this.notCancelling() ?? validateReevaluate(this.state, request));
  }

  reevaluate(request: ReevaluateInput): Promise<OrderState> {
    return this.exclusively(() => this.holds.evaluate(`requested by ${request.requestedBy}`, { latest: request.useLatestRules === true }));
  }

  validateRetry(request: RetryStepInput): void {
    check(validateRetry(this.state.status, this.attention.waiting, request));
  }

  async retryStep(request: RetryStepInput): Promise<OrderState> {
    await this.attention.retry(request);
    return this.state;
  }

  validateSkip(request: SkipStepInput): void {
    check(validateSkip(this.attention.waiting, request));
  }

  async skipStep(request: SkipStepInput): Promise<OrderState> {
    await this.attention.skip(request);
    return this.state;
  }

  carrierEvent(event: CarrierEvent): void {
    this.parcels.receive(event);
  }

  /** A receipt or release reserved stock for this backordered order. */
  stockReserved(): void {
    this.o.inbox.stockReserved = true;
  }

  /** Rules, holds and label changes one at a time; answers with the order once the change is written. */
  private async exclusively(change: () => Promise<void>): Promise<OrderState> {
    await this.o.exclusive(change);
    return this.state;
  }
}
