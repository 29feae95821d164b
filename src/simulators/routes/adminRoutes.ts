import { Router, type Request } from 'express';
import type { CarrierEventType } from '../carrierShipments';
import { FaultConfigError, parseFaultConfig } from '../faults';
import type { CallFilter } from '../journal';
import type { SimulatorState } from '../state';

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isCarrierEventType(value: unknown): value is CarrierEventType {
  return value === 'dispatched' || value === 'delivered';
}

/** Inspection and control for tests, demo and benchmarks; never journaled, no Idempotency-Key. */
export function adminRoutes(state: SimulatorState): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/admin/calls', (req, res) => {
    const filter: CallFilter = {
      system: queryString(req, 'system'),
      operation: queryString(req, 'operation'),
      key: queryString(req, 'key'),
      orderId: queryString(req, 'orderId'),
    };
    res.json({ calls: state.journal.list(filter) });
  });

  // Only the journal: forgetting idempotency keys would change how partners answer retries.
  router.delete('/admin/calls', (_req, res) => {
    state.journal.clear();
    res.status(204).end();
  });

  router.get('/admin/faults', (_req, res) => {
    res.json(state.faults.snapshot());
  });

  router.put('/admin/faults', (req, res) => {
    try {
      state.faults.apply(parseFaultConfig(req.body));
    } catch (error) {
      if (!(error instanceof FaultConfigError)) throw error;
      res.status(400).json({ error: error.message });
      return;
    }
    res.json(state.faults.snapshot());
  });

  router.delete('/admin/faults', (_req, res) => {
    state.faults.reset();
    res.json(state.faults.snapshot());
  });

  router.get('/admin/carrier/shipments', (req, res) => {
    const orderId = queryString(req, 'orderId');
    const shipments = state.carrierShipments.list().filter((s) => orderId === undefined || s.orderId === orderId);
    res.json({ shipments });
  });

  // Moves a parcel by hand when auto-advance is off (e.g. to test voiding a dispatched label).
  // Only the simulator's view changes: tests that want the hub to know post the event to it themselves.
  router.post('/admin/carrier/shipments/:trackingNumber/status', (req, res) => {
    const status: unknown = req.body?.status;
    if (!isCarrierEventType(status)) {
      res.status(400).json({ error: 'status must be "dispatched" or "delivered"' });
      return;
    }
    const result = state.carrierShipments.advance(req.params.trackingNumber, status);
    if (result.outcome === 'unknown') {
      res.status(404).json({ error: `unknown trackingNumber ${req.params.trackingNumber}` });
    } else if (result.outcome === 'invalid_transition') {
      res.status(409).json({ error: `cannot go from ${result.status} to ${status}` });
    } else {
      res.json(result.shipment);
    }
  });

  return router;
}
