import type { Request, RequestHandler } from 'express';
import { Rejection, isJsonObject, type JsonObject } from './requestFields';
import type { SimulatorState } from './state';
import type { SystemName } from './systems';

export interface PartnerCall {
  body: JsonObject;
  params: Record<string, string>;
  /** This simulator's address as the caller reached it, for URLs handed back in replies. */
  baseUrl: string;
}

export interface PartnerReply {
  status: number;
  body: unknown;
}

/** Business logic of one partner operation. Synchronous on purpose: see partnerRoute. */
export type PartnerHandler = (call: PartnerCall) => PartnerReply;

export const ok = (body: unknown): PartnerReply => ({ status: 200, body });
export const created = (body: unknown): PartnerReply => ({ status: 201, body });

function pathOf(req: Request): string {
  return req.originalUrl.split('?')[0] ?? req.originalUrl;
}

/** Express 5 types wildcard params as string[]; our routes have none, but flatten to be safe. */
function plainParams(req: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.params)) {
    params[name] = Array.isArray(value) ? value.join('/') : value;
  }
  return params;
}

function runHandler(handler: PartnerHandler, req: Request, params: Record<string, string>): PartnerReply {
  try {
    if (req.body !== undefined && !isJsonObject(req.body)) {
      throw new Rejection(422, { error: 'body must be a JSON object' });
    }
    const body: JsonObject = req.body ?? {};
    return handler({ body, params, baseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}` });
  } catch (error) {
    if (error instanceof Rejection) return { status: error.status, body: error.body };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: `simulator failure: ${message}` } };
  }
}

/**
 * Wraps a partner operation with what every real partner API in the demo does:
 * require an Idempotency-Key, suffer the configured latency and faults, replay
 * the first reply for a repeated key, and journal every call.
 *
 * The dedupe lookup, the handler and storing the reply happen in one synchronous
 * stretch (after the only await), so two concurrent requests with the same key
 * cannot both run the handler.
 */
export function partnerRoute(state: SimulatorState, system: SystemName, operation: string, handler: PartnerHandler): RequestHandler {
  return async (req, res) => {
    const key = req.get('Idempotency-Key') || null;
    const params = plainParams(req);

    const journalAndSend = (reply: PartnerReply, flags: { duplicate?: boolean; faulted?: boolean } = {}): void => {
      state.journal.record({
        system,
        operation,
        method: req.method,
        path: pathOf(req),
        params,
        idempotencyKey: key,
        body: req.body ?? null,
        status: reply.status,
        response: reply.body,
        duplicate: flags.duplicate ?? false,
        faulted: flags.faulted ?? false,
      });
      res.status(reply.status).json(reply.body);
    };

    if (key === null) {
      journalAndSend({ status: 400, body: { error: 'missing Idempotency-Key header' } });
      return;
    }

    const latencyMs = state.faults.latencyMs(system);
    if (latencyMs > 0) await state.timers.sleep(latencyMs);

    // An injected fault stands for the partner failing before doing anything:
    // no side effect and nothing remembered, so the caller's retry gets processed.
    const faultStatus = state.faults.decide(system);
    if (faultStatus !== null) {
      journalAndSend({ status: faultStatus, body: { error: 'injected fault' } }, { faulted: true });
      return;
    }

    const firstReply = state.idempotency.get(system, operation, key);
    if (firstReply) {
      journalAndSend(firstReply, { duplicate: true });
      return;
    }

    const reply = runHandler(handler, req, params);
    // A 5xx means "we failed, try again"; remembering it would make the retry fail forever.
    if (reply.status < 500) state.idempotency.remember(system, operation, key, reply);
    journalAndSend(reply);
  };
}
