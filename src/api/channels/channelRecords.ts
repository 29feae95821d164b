import type { StockEvents } from '../../activities/backorderQueue';
import type { Db } from '../../db/prisma';
import { checkChannelSettings, type Platform } from '../../domain/channelSettings';
import { DEFAULT_BUFFER, type ChannelBuffer } from '../../domain/sellable';
import { Prisma } from '../../generated/prisma/client';
import { badRequest, HttpError, notFound, type FieldProblem } from '../httpError';
import type { CreateChannelRequest, UpdateChannelRequest } from './channelSchemas';

type ChannelRow = Awaited<ReturnType<Db['channel']['findFirstOrThrow']>> & { buffer: ChannelBuffer | null };

export const channelView = (c: ChannelRow) => {
  const { safetyStock, percent, maxListed, locationIds } = c.buffer ?? DEFAULT_BUFFER;
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    platform: c.platform,
    capturePolicy: c.capturePolicy,
    backorderPolicy: c.backorderPolicy,
    buffer: { safetyStock, percent, maxListed, locationIds },
    settings: c.settings as Record<string, unknown>,
    secretName: c.secretName,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
};

/**
 * Channels as records: list, get, create, update. The settings are checked for the platform the
 * channel has after the change; a Shopify channel's locationIds and a buffer's locationIds must
 * name hub locations. Buffer changes re-push every SKU's listing, as PUT …/buffer does.
 */
/** `connected`: what follows a channel's creation or change outside the database (a Shopify reconciliation schedule). */
export function createChannelRecords(db: Db, stockEvents: StockEvents, connected: (channelId: string, platform: string) => Promise<void> = async () => {}) {
  /** `settings` undefined: not changing, not checked. */
  async function problemsOf(platform: Platform, settings: unknown, buffer: ChannelBuffer | undefined): Promise<{ settings: Record<string, unknown>; problems: FieldProblem[] }> {
    const problems: FieldProblem[] = [];
    const checked = settings === undefined ? ({ ok: true, settings: {} } as const) : checkChannelSettings(platform, settings);
    if (!checked.ok) problems.push(...checked.problems.map((p) => ({ field: ['body.settings', p.path].filter(Boolean).join('.'), message: p.message })));
    const mapped = checked.ok ? Object.keys((checked.settings as { locationIds?: Record<string, string> }).locationIds ?? {}) : [];
    const wanted = [...mapped, ...(buffer?.locationIds ?? [])];
    if (wanted.length > 0) {
      const known = new Set((await db.location.findMany({ where: { id: { in: wanted } }, select: { id: true } })).map((l) => l.id));
      for (const id of mapped) if (!known.has(id)) problems.push({ field: `body.settings.locationIds.${id}`, message: `unknown location "${id}"` });
      buffer?.locationIds.forEach((id, i) => {
        if (!known.has(id)) problems.push({ field: `body.buffer.locationIds.${i}`, message: `unknown location "${id}"` });
      });
    }
    return { settings: checked.ok ? checked.settings : {}, problems };
  }

  const fail = (problems: FieldProblem[]) => badRequest(`invalid request: ${problems.map((p) => p.field).join(', ')}`, problems);

  async function get(id: string) {
    const channel = await db.channel.findUnique({ where: { id }, include: { buffer: true } });
    if (!channel) throw notFound(`channel ${id}`);
    return channelView(channel);
  }

  async function bufferChanged() {
    await stockEvents.changed((await db.product.findMany({ select: { sku: true } })).map((p) => p.sku));
  }

  return {
    get,

    async list() {
      const rows = await db.channel.findMany({ include: { buffer: true }, orderBy: { id: 'asc' } });
      return { items: rows.map(channelView) };
    },

    async create(body: CreateChannelRequest) {
      const { buffer, settings: given, ...columns } = body;
      const { settings, problems } = await problemsOf(body.platform, given, buffer);
      if (problems.length > 0) throw fail(problems);
      try {
        await db.$transaction(async (tx) => {
          await tx.channel.create({ data: { ...columns, settings: settings as Prisma.InputJsonObject } });
          if (buffer) await tx.channelBuffer.create({ data: { channelId: body.id, ...buffer } });
        });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
          throw new HttpError(409, 'conflict', `channel ${body.id} exists already (PATCH it)`, [{ field: 'body.id', message: 'exists already' }]);
        throw err;
      }
      if (buffer) await bufferChanged();
      await connected(body.id, body.platform);
      return get(body.id);
    },

    async update(id: string, body: UpdateChannelRequest) {
      const current = await db.channel.findUnique({ where: { id } });
      if (!current) throw notFound(`channel ${id}`);
      const { buffer, settings: given, ...columns } = body;
      const platform = (body.platform ?? current.platform) as Platform;
      // The stored settings are checked again when only the platform changes: they must fit it.
      const recheck = given !== undefined || body.platform !== undefined;
      const { settings, problems } = await problemsOf(platform, recheck ? (given ?? current.settings) : undefined, buffer);
      if (problems.length > 0) throw fail(problems);
      await db.$transaction(async (tx) => {
        await tx.channel.update({ where: { id }, data: { ...columns, ...(recheck && { settings: settings as Prisma.InputJsonObject }) } });
        if (buffer) await tx.channelBuffer.upsert({ where: { channelId: id }, create: { channelId: id, ...buffer }, update: buffer });
      });
      if (buffer) await bufferChanged();
      await connected(id, platform);
      return get(id);
    },
  };
}
