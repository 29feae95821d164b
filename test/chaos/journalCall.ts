import type { CallRecord } from '../../src/simulators';

let seq = 0;

/** One successful call as the simulators journal it, keyed `<orderId>:<step>` (the chaos checks' tests craft journals from these). */
export function journalCall(orderId: string, effect: string, step: string, over: Partial<CallRecord> = {}): CallRecord {
  const [system, operation] = effect.split('.');
  return {
    seq: ++seq,
    at: new Date().toISOString(),
    system: system as CallRecord['system'],
    operation,
    method: 'POST',
    path: `/${system}/${operation}`,
    params: {},
    idempotencyKey: `${orderId}:${step}`,
    body: { orderId },
    status: 201,
    response: {},
    duplicate: false,
    faulted: false,
    ...over,
  };
}
