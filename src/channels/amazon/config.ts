/**
 * AMAZON_* settings: Login with Amazon credentials per channel (by the channel's secretName, else
 * its code) and where the SP-API is. Without AMAZON_CREDENTIALS a development hub gives every
 * amazon channel a placeholder credential the simulator accepts; production polls no channel.
 */
import { z } from 'zod';
import type { AmazonConnectorOptions } from './options';
import { scaleUsagePlans } from './usagePlans';
import type { AmazonCredentials, AmazonEndpoints } from './spApiClient';

const credentialsSchema = z.record(z.string().min(1), z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), refreshToken: z.string().min(1) }).strict());

/** AMAZON_CREDENTIALS: `{"<secretName or channel>": {"clientId": "...", "clientSecret": "...", "refreshToken": "..."}}`. */
export function parseAmazonCredentials(text: string): Record<string, AmazonCredentials> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('must be a JSON object of {clientId, clientSecret, refreshToken} per secret name');
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `must be a JSON object of {clientId, clientSecret, refreshToken} per secret name (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}

export interface AmazonSettings {
  credentials?: Record<string, AmazonCredentials>;
  spApiUrl?: string;
  lwaUrl?: string;
  pollIntervalMs: number;
  /** AMAZON_USAGE_PLAN_SCALE: Amazon's plans times this (1: as documented). */
  usagePlanScale?: number;
  production: boolean;
  /** The simulators' base URL, for development without AMAZON_SP_API_URL. */
  simulatorsUrl: string;
}

/** The connector's options for this process: explicit endpoints, else (development) the simulator's, else (production) each channel's region. */
export function amazonConnectorOptions(s: AmazonSettings): { connector: AmazonConnectorOptions; intervalMs: number } {
  const { production, simulatorsUrl } = s;
  const endpoints: AmazonEndpoints | undefined = s.spApiUrl
    ? { spApiUrl: s.spApiUrl.replace(/\/+$/, ''), lwaUrl: s.lwaUrl ?? 'https://api.amazon.com/auth/o2/token' }
    : production
      ? undefined
      : { spApiUrl: simulatorsUrl, lwaUrl: `${simulatorsUrl}/auth/o2/token` };
  const credentials = (channel: { id: string; secretName: string | null }): AmazonCredentials | undefined => {
    if (s.credentials) return s.credentials[channel.secretName ?? channel.id];
    return production ? undefined : { clientId: 'dev-client', clientSecret: 'dev-secret', refreshToken: `Atzr|dev-${channel.id}` };
  };
  const scale = s.usagePlanScale ?? 1;
  return { connector: { endpoints, credentials, ...(scale !== 1 && { usagePlans: scaleUsagePlans(scale) }) }, intervalMs: s.pollIntervalMs };
}
