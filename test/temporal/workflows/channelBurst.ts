// Test workflow: `count` channel calls of one sales channel, scheduled at once through the order
// workflow's own activity stubs (src/workflows/order/activityStubs.ts), so they carry exactly the
// priority and fairness key an order's channel calls carry.
import { orderActivityGroups } from '../../../src/workflows/order/activityStubs';

export async function channelBurst(channel: string, channelQueue: string, count: number): Promise<void> {
  const acts = orderActivityGroups({ partnerTaskQueues: { erp: channelQueue, crm: channelQueue, channel: channelQueue } }, channel);
  await Promise.all(Array.from({ length: count }, (_, i) => acts.channel.channelCancelOrder(channel, `${channel}-${i}`, `order-${i}`, 'burst')));
}
