import type { SystemName } from './systems';

/** One partner call as the simulator saw it: the evidence tests and benchmarks assert on. */
export interface CallRecord {
  seq: number;
  at: string;
  system: SystemName;
  operation: string;
  method: string;
  path: string;
  params: Record<string, string>;
  idempotencyKey: string | null;
  body: unknown;
  status: number;
  response: unknown;
  duplicate: boolean;
  faulted: boolean;
}

export type NewCallRecord = Omit<CallRecord, 'seq' | 'at'>;

export interface CallFilter {
  system?: string;
  operation?: string;
  key?: string;
  orderId?: string;
}

/** The order a call concerns: body.orderId and/or an :orderId path param. */
function orderIdsOf(call: CallRecord): string[] {
  const ids: string[] = [];
  const body = call.body;
  if (typeof body === 'object' && body !== null && 'orderId' in body) {
    const fromBody = (body as { orderId: unknown }).orderId;
    if (typeof fromBody === 'string') ids.push(fromBody);
  }
  if (call.params.orderId !== undefined) ids.push(call.params.orderId);
  return ids;
}

function matches(call: CallRecord, filter: CallFilter): boolean {
  if (filter.system !== undefined && call.system !== filter.system) return false;
  if (filter.operation !== undefined && call.operation !== filter.operation) return false;
  if (filter.key !== undefined && call.idempotencyKey !== filter.key) return false;
  if (filter.orderId !== undefined && !orderIdsOf(call).includes(filter.orderId)) return false;
  return true;
}

/**
 * Append-only log of partner calls. Capped so a long benchmark cannot exhaust
 * memory; the oldest entries go first and `seq` keeps counting.
 */
export class CallJournal {
  private calls: CallRecord[] = [];
  private nextSeq = 1;

  constructor(private readonly limit = 100_000) {}

  record(call: NewCallRecord): CallRecord {
    const entry: CallRecord = { seq: this.nextSeq++, at: new Date().toISOString(), ...call };
    this.calls.push(entry);
    // Trim in batches so a full journal does not pay an array shift on every call.
    if (this.calls.length > this.limit + Math.ceil(this.limit / 10)) {
      this.calls = this.calls.slice(this.calls.length - this.limit);
    }
    return entry;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.calls.filter((call) => matches(call, filter));
  }

  clear(): void {
    this.calls = [];
  }
}
