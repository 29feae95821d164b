import type { Role } from '../auth/keys';
import { requiredRole } from '../auth/roles';
import type { Operation } from './registry';

export const securitySchemes = {
  apiKeyBearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'API key sent as `Authorization: Bearer <key>`. Each key has one role: channel (for one channel), carrier, ops or admin; admin passes every role check.',
  },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same API key in its own header.' },
  webhookTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Orderhub-Timestamp',
    description: "Channel webhook: the time of signing, Unix seconds; more than 5 minutes from the hub's clock either way is refused.",
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Orderhub-Signature',
    description: "Channel webhook: `v1=<hex>`, the HMAC-SHA256 with the channel's shared secret of `<timestamp>.<raw body>` (src/channels/signature.ts).",
  },
  shopifyHmac: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Shopify-Hmac-Sha256',
    description:
      "Shopify webhook: base64 of the HMAC-SHA256 of the raw body with the app's secret (the channel's CHANNEL_WEBHOOK_SECRETS entry); X-Shopify-Shop-Domain must be the channel's shop.",
  },
};

/** Who may call an operation, as the document states it. */
export type Access = { kind: 'public' } | { kind: 'webhook'; platform?: 'shopify' } | { kind: 'roles'; roles: Role[]; note?: string };

const SCOPE_NOTES = {
  body: 'A channel key may only create orders for its own channel (body.channel).',
  query: 'A channel key must filter by its own channel (?channel=<its channel>).',
  order: "A channel key sees only its own channel's orders.",
  path: "A channel key may only act on its own channel (the path's :channel).",
} as const;

/**
 * Asks the auth middleware's own role table, with each `:param` filled in, so the document
 * states exactly what the middleware enforces.
 */
export function accessOf(op: Operation): Access {
  if (op.webhook) return op.webhook === 'shopify' ? { kind: 'webhook', platform: 'shopify' } : { kind: 'webhook' };
  const access = requiredRole(op.method, op.path.replace(/:[A-Za-z0-9_]+/g, 'x'));
  if (access.kind === 'public') return { kind: 'public' };
  if (access.kind === 'roles') {
    const roles = [...new Set<Role>([...access.roles, 'admin'])];
    return { kind: 'roles', roles, note: access.channelScope && SCOPE_NOTES[access.channelScope] };
  }
  // Not in the role table: the middleware refuses every key (test/api/openapi.test.ts flags this).
  return { kind: 'roles', roles: [], note: 'Not in the role table: refused for every key.' };
}

/** Either API key form satisfies a keyed operation; a webhook needs both signature headers (one requirement object = AND). */
export function securityOf(access: Access): Record<string, string[]>[] {
  if (access.kind === 'public') return [];
  if (access.kind === 'webhook') return access.platform === 'shopify' ? [{ shopifyHmac: [] }] : [{ webhookTimestamp: [], webhookSignature: [] }];
  return [{ apiKeyBearer: [] }, { apiKeyHeader: [] }];
}

/** The `x-orderhub-role` extension and the sentence for the description. */
export function roleExtension(access: Access): { roles: string[]; text: string } {
  if (access.kind === 'public') return { roles: [], text: 'Access: public, no API key.' };
  if (access.kind === 'webhook' && access.platform === 'shopify')
    return { roles: [], text: 'Access: Shopify-signed webhook (X-Shopify-Hmac-Sha256, X-Shopify-Shop-Domain); no API key.' };
  if (access.kind === 'webhook') return { roles: [], text: 'Access: signed channel webhook (X-Orderhub-Timestamp, X-Orderhub-Signature); no API key.' };
  const names = access.roles;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return { roles: [...names], text: [access.note, `Role: ${list}.`].filter(Boolean).join(' ') };
}
