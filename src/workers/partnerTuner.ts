import { ResourceBasedController, type WorkerTuner } from '@temporalio/worker';
import type { Config } from '../config';

export type PartnerTunerSettings = Config['worker']['partnerTuner'];

/**
 * Slots of the partner queues' workers (ERP, CRM, channels, gateway). Their calls wait on
 * partners, so how many may run at once is a matter of the host's CPU and memory, not of
 * ordering: the SDK's resource-based tuner hands out slots while the host stays under its
 * targets, from `minSlots` (always available, so a loaded host still makes progress) up to
 * `maxSlots`. One controller per process: the four workers share one budget, as they share the
 * host. Label buying (the fulfillment queue) is not tuned: its small fixed slot count is what
 * makes priority order hold there (a backlog forms and is served by priority key), and the
 * orders queue's workflow slots and cache are set from the bench (bench/README.md).
 * Returns undefined for `fixed`: the worker then keeps `maxSlots` fixed slots.
 */
export function partnerTuner(settings: PartnerTunerSettings | undefined, maxSlots: number): (() => WorkerTuner) | undefined {
  if (!settings || settings.kind === 'fixed') return undefined;
  let controller: ResourceBasedController | undefined;
  return () => {
    controller ??= ResourceBasedController.create({ targetCpuUsage: settings.targetCpu, targetMemoryUsage: settings.targetMemory });
    const slots = { minimumSlots: Math.min(settings.minSlots, maxSlots), maximumSlots: maxSlots };
    return {
      controller,
      activityTaskSlotOptions: slots,
      // Activity-only workers: these are never used, but every slot kind needs a supplier.
      workflowTaskSlotOptions: { minimumSlots: 1, maximumSlots: 2 },
      localActivityTaskSlotOptions: { minimumSlots: 1, maximumSlots: 2 },
      nexusTaskSlotOptions: { minimumSlots: 1, maximumSlots: 2 },
    };
  };
}
