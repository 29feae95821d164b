/**
 * EBAY_* settings: each ebay channel's OAuth client and refresh token (by the channel's secretName,
 * else its code) and where eBay's API is. Without EBAY_CREDENTIALS a development hub gives every
 * ebay channel a placeholder the simulator accepts; production polls no channel without one.
 */
import { z } from 'zod';
import { EBAY_PRODUCTION, type EbayCredentials, type EbayEndpoints } from './client';
import type { EbayConnectorOptions } from './options';

const credentialsSchema = z.record(z.string().min(1), z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), refreshToken: z.string().min(1) }).strict());

/** EBAY_CREDENTIALS: `{"<secretName or channel>": {"clientId": "...", "clientSecret": "...", "refreshToken": "..."}}`. */
export function parseEbayCredentials(text: string): Record<string, EbayCredentials> {
  const problem = 'must be a JSON object of {clientId, clientSecret, refreshToken} per secret name';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(problem);
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${problem} (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export interface EbaySettings {
  credentials?: Record<string, EbayCredentials>;
  apiUrl?: string;
  pollIntervalMs: number;
  production: boolean;
  /** The simulators' base URL, for development without EBAY_API_URL. */
  simulatorsUrl: string;
}

/** The connector's options for this process: EBAY_API_URL, else (development) the simulator, else (production) api.ebay.com. */
export function ebayConnectorOptions(s: EbaySettings): { connector: EbayConnectorOptions; intervalMs: number } {
  const base = s.apiUrl?.replace(/\/+$/, '') ?? (s.production ? undefined : s.simulatorsUrl);
  const endpoints: EbayEndpoints = base ? { apiUrl: base, tokenUrl: `${base}/identity/v1/oauth2/token` } : EBAY_PRODUCTION;
  const credentials = (channel: { id: string; secretName: string | null }): EbayCredentials | undefined => {
    if (s.credentials) return s.credentials[channel.secretName ?? channel.id];
    return s.production ? undefined : { clientId: 'dev-client', clientSecret: 'dev-secret', refreshToken: `v^1.1#dev-${channel.id}` };
  };
  return { connector: { endpoints, credentials }, intervalMs: s.pollIntervalMs };
}
