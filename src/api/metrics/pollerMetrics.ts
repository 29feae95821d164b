import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../../db/prisma';

/**
 * Marketplace pollers (channel_cursors, stream 'orders'), one series per channel: how far behind
 * the cursor is, when a pass last completed, the page backlog and the usage-plan waits so far.
 * Read from the database so every API process answers the same; the live figures are in
 * GET /api/v1/channels/:channel/sync and the poller workflow's current details.
 */
export async function pollerMetrics(db: Db, registry: Registry): Promise<void> {
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['channel', 'platform'], registers: [registry] });
  const lag = gauge('orderhub_marketplace_poller_lag_seconds', "How far the poller's cursor (the last complete pass's watermark) is behind now");
  const sinceSuccess = gauge('orderhub_marketplace_poller_last_success_age_seconds', 'Time since the poller last completed a pass');
  const backlog = gauge('orderhub_marketplace_poller_backlog', 'Orders the poller listed or was notified of and had not imported when it last saved its place');
  const paused = gauge('orderhub_marketplace_poller_paused', 'Whether an operator paused the poller (1) or not (0)');
  const waits = gauge('orderhub_marketplace_poller_rate_limit_waits', "Waits for the platform's usage plans since the poller began");
  const waited = gauge('orderhub_marketplace_poller_rate_limit_wait_seconds', "Time spent waiting for the platform's usage plans since the poller began");
  const rows = await db.channelCursor.findMany({
    where: { stream: 'orders', channel: { platform: { in: ['amazon', 'ebay'] } } },
    include: { channel: { select: { platform: true } } },
  });
  const now = Date.now();
  for (const r of rows) {
    const labels = { channel: r.channelId, platform: r.channel.platform };
    const cursorTime = r.cursor === null ? NaN : Date.parse(r.cursor);
    if (!Number.isNaN(cursorTime)) lag.set(labels, Math.max(0, (now - cursorTime) / 1000));
    if (r.lastSuccessAt) sinceSuccess.set(labels, Math.max(0, (now - r.lastSuccessAt.getTime()) / 1000));
    backlog.set(labels, r.backlog);
    paused.set(labels, r.paused ? 1 : 0);
    waits.set(labels, r.rateLimitWaits);
    waited.set(labels, Number(r.rateLimitWaitMs) / 1000);
  }
}
