import { setMaxListeners } from 'node:events';
import axios from 'axios';
import type { CarrierEventType, HubNotification } from './carrierShipments';
import type { TimerRegistry } from './timers';

export interface CarrierEvent {
  trackingNumber: string;
  /** The shipper's own reference for the parcel, echoed back like real carriers do. */
  shipmentId: string;
  type: CarrierEventType;
  at: string;
}

export type DeliveryOutcome = Pick<HubNotification, 'outcome' | 'attempts' | 'lastStatus'>;

export interface HubEventSenderOptions {
  hubUrl: string;
  /** Sent as `Authorization: Bearer <key>`: the hub's carrier webhook needs a carrier key. */
  apiKey?: string;
  timers: TimerRegistry;
  log: (line: string) => void;
  maxRetries?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
}

/**
 * Delivers carrier events to the hub's webhook the way a real carrier would:
 * retrying while the hub is down or answering 5xx, 408, 429 or 409 "idempotency key in use"
 * (an earlier try of this event is still running, or died with its API process), giving up on
 * any other 4xx (the hub has said the event itself is wrong, so resending it cannot help).
 */
export class HubEventSender {
  private readonly url: string;
  private readonly abort = new AbortController();
  private readonly maxRetries: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: HubEventSenderOptions) {
    // Every in-flight delivery listens on this one signal; many parcels at once is normal.
    setMaxListeners(0, this.abort.signal);
    this.url = `${options.hubUrl.replace(/\/+$/, '')}/api/v1/carrier/events`;
    this.maxRetries = options.maxRetries ?? 20;
    this.initialBackoffMs = options.initialBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  }

  async send(event: CarrierEvent): Promise<DeliveryOutcome> {
    const label = `carrier event ${event.type} for ${event.trackingNumber}`;
    let backoffMs = this.initialBackoffMs;
    let lastStatus: number | null = null;
    for (let attempt = 1; ; attempt += 1) {
      if (this.abort.signal.aborted) return { outcome: 'cancelled', attempts: attempt - 1, lastStatus };
      const answer = await this.post(event);
      lastStatus = answer.status;
      if (this.abort.signal.aborted) return { outcome: 'cancelled', attempts: attempt, lastStatus };
      if (lastStatus !== null && lastStatus < 400) return { outcome: 'accepted', attempts: attempt, lastStatus };
      if (lastStatus !== null && lastStatus < 500 && !answer.tryLater) {
        this.options.log(`${label}: hub rejected it with ${lastStatus}, not retrying`);
        return { outcome: 'rejected', attempts: attempt, lastStatus };
      }
      if (attempt > this.maxRetries) {
        this.options.log(`${label}: giving up after ${attempt} attempts (${answer.problem})`);
        return { outcome: 'gave_up', attempts: attempt, lastStatus };
      }
      this.options.log(`${label}: attempt ${attempt} failed (${answer.problem}), retrying in ${backoffMs} ms`);
      await this.options.timers.sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, this.maxBackoffMs);
    }
  }

  /** Cancels in-flight requests; pending retries are cancelled by clearing the timers. */
  stop(): void {
    this.abort.abort();
  }

  /** The hub's HTTP status, null when it could not be reached (or timed out). */
  private async post(event: CarrierEvent): Promise<{ status: number | null; problem: string; tryLater?: boolean }> {
    try {
      const response = await axios.post(this.url, event, {
        timeout: this.requestTimeoutMs,
        signal: this.abort.signal,
        validateStatus: () => true,
        // Lets the hub drop events a retry delivers twice.
        headers: {
          'Idempotency-Key': `simcarrier:${event.trackingNumber}:${event.type}`,
          ...(this.options.apiKey && { Authorization: `Bearer ${this.options.apiKey}` }),
        },
      });
      const inUse = response.status === 409 && (response.data as { error?: unknown } | undefined)?.error === 'idempotency_key_in_use';
      return { status: response.status, problem: `hub answered ${response.status}`, tryLater: inUse || response.status === 408 || response.status === 429 };
    } catch (error) {
      return { status: null, problem: `hub unreachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
