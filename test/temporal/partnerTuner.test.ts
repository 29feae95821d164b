/** The partner queues' slots (src/workers/partnerTuner.ts): resource-based by default, fixed on request; label buying is never given this tuner (startWorkers). */
import type { ResourceBasedTunerWithController } from '@temporalio/worker';
import { configDefaults } from '../../src/config';
import { partnerTuner } from '../../src/workers/partnerTuner';

test('by default the partner workers share one resource-based controller, from the minimum up to WORKER_PARTNER_ACTIVITY_SLOTS', () => {
  const { partnerTuner: settings, partnerActivitySlots } = configDefaults().worker;
  const make = partnerTuner(settings, partnerActivitySlots)!;
  const [erp, channel] = [make(), make()] as ResourceBasedTunerWithController[];
  expect(erp.activityTaskSlotOptions).toEqual({ minimumSlots: 10, maximumSlots: 50 });
  expect(channel.controller).toBe(erp.controller);
});

test('a minimum above the maximum is capped; `fixed` means no tuner (fixed slots)', () => {
  const settings = { kind: 'resource' as const, minSlots: 10, targetCpu: 0.8, targetMemory: 0.8 };
  expect((partnerTuner(settings, 4)!() as ResourceBasedTunerWithController).activityTaskSlotOptions).toEqual({ minimumSlots: 4, maximumSlots: 4 });
  expect(partnerTuner({ ...settings, kind: 'fixed' }, 4)).toBeUndefined();
});
