import { Prisma } from '../generated/prisma/client';

/**
 * A channel's stock buffer as one JSON value shaped as ChannelBuffer (src/domain/sellable.ts),
 * null when the channel has none: a sub-select for raw queries that read it beside other rows.
 * `channelIdColumn` is the outer query's column holding the channel id (trusted SQL, not input).
 */
export function channelBufferJson(channelIdColumn: string): Prisma.Sql {
  return Prisma.sql`(SELECT json_build_object('safetyStock', b.safety_stock, 'percent', b."percent", 'maxListed', b.max_listed, 'locationIds', b.location_ids)
    FROM channel_buffers b WHERE b.channel_id = ${Prisma.raw(channelIdColumn)})`;
}
