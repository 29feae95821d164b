import type { UsagePlan } from './rateGate';
import type { AmazonCredentials, AmazonEndpoints } from './spApiClient';

/** How the Amazon connector runs in this process (src/channels/amazon/config.ts builds it from AMAZON_*). */
export interface AmazonConnectorOptions {
  /** Replaces the region's endpoints (the simulator). */
  endpoints?: AmazonEndpoints;
  /** The channel's Login with Amazon credentials (by its secretName); undefined: the channel cannot be polled. */
  credentials(channel: { id: string; secretName: string | null }): AmazonCredentials | undefined;
  /** Default: Amazon's documented plans; lower them for a seller with less, raise them only for tests against the simulator. */
  usagePlans?: Record<string, UsagePlan>;
  /** First sync: orders created this long ago and later (CreatedAfter). Default 7 days. */
  lookBackMs?: number;
  /** Each pass asks again for this much before the last watermark (LastUpdatedAfter), so an order updated while a pass ran is not missed. Default 5 min. */
  overlapMs?: number;
  /** A pass ends this long before now: Amazon wants LastUpdatedBefore at least 2 minutes in the past. Default 2 min. */
  settleMs?: number;
  pageSize?: number;
}

const REGION_ENDPOINTS: Record<string, string> = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
};
const LWA_URL = 'https://api.amazon.com/auth/o2/token';

/** Where a channel's SP-API calls go: the configured endpoints (the simulator), else its region's (settings.region, default na). */
export function amazonEndpoints(opts: Pick<AmazonConnectorOptions, 'endpoints'>, region: string | undefined): AmazonEndpoints {
  return opts.endpoints ?? { spApiUrl: REGION_ENDPOINTS[region ?? 'na'] ?? REGION_ENDPOINTS.na, lwaUrl: LWA_URL };
}
