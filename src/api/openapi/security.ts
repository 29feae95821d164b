import type { Access } from './registry';

export const securitySchemes = {
  apiKeyBearer: { type: 'http', scheme: 'bearer', description: 'API key sent as `Authorization: Bearer <key>`. Each key has one role: channel, carrier, ops or admin.' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same API key in its own header.' },
  webhookTimestamp: { type: 'apiKey', in: 'header', name: 'X-Orderhub-Timestamp', description: "Channel webhook: the time of signing (Unix seconds); old timestamps are refused." },
  webhookSignature: {
    type: 'apiKey', in: 'header', name: 'X-Orderhub-Signature',
    description: "Channel webhook: `v1=<hex>`, an HMAC-SHA256 with the channel's secret over the timestamp and the raw body.",
  },
};

/** Either API key form satisfies a keyed operation; a webhook needs both signature headers (one requirement object = AND). */
export function securityOf(access: Access): Record<string, string[]>[] {
  if (access === 'public') return [];
  if (access === 'webhook') return [{ webhookTimestamp: [], webhookSignature: [] }];
  return [{ apiKeyBearer: [] }, { apiKeyHeader: [] }];
}

/** The `x-orderhub-role` extension and the sentence for the description. */
export function roleExtension(access: Access): { roles: string[]; text: string } {
  if (access === 'public') return { roles: [], text: 'Access: public, no API key.' };
  if (access === 'webhook') return { roles: [], text: 'Access: signed channel webhook (X-Orderhub-Timestamp, X-Orderhub-Signature); no API key.' };
  const names = access.roles;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return { roles: [...names], text: `Role: ${list}.` };
}
