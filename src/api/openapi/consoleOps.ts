import { signInLinkSchema } from '../auth/sessionRouter';
import { BODY_ERRORS, type JsonSchema, type Operation } from './registry';
import { orderIdParams } from '../orders/actionSchemas';
import { arr, int, nullable, obj, str, time } from './schemaBuilders';

/** The operations console's own routes (docs/dashboard.md): sign-in sessions. */
export const consoleResponseSchemas: Record<string, JsonSchema> = {
  PartnerCallList: obj({
    items: arr(
      obj({
        system: { enum: ['erp', 'crm', 'carrier', 'channel', 'gateway'] },
        step: { type: 'string', description: 'The idempotency key without the order id, e.g. erp.sales-order, carrier.label.<shipment>' },
        idempotencyKey: str,
        method: str,
        path: str,
        attempts: { ...int, description: 'Tries of this key so far (Temporal retries the same request).' },
        outcome: {
          enum: ['succeeded', 'rejected', 'unavailable'],
          description: "The last attempt's: rejected is the partner's own no (not retried), unavailable an outage (retried).",
        },
        lastStatus: nullable(int),
        lastError: nullable(str),
        firstAt: time,
        lastAt: time,
      }),
    ),
  }),
  ConsoleSession: obj({
    name: { type: 'string', description: "The key's name: every action of the session is recorded under it." },
    role: { enum: ['admin', 'ops', 'carrier', 'channel'] },
    expiresAt: { ...nullable(str), description: "The session cookie's expiry; null for a caller with an API key header (no session)." },
    csrfToken: { ...nullable(str), description: 'Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie; null without a session.' },
  }),
};

const COOKIE = 'Set-Cookie: orderhub_session (httpOnly, SameSite=Strict, Max-Age = DASHBOARD_SESSION_TTL; Secure over HTTPS).';

export const consoleOperations: Operation[] = [
  {
    operationId: 'listPartnerCalls',
    method: 'get',
    path: '/api/v1/orders/:orderId/partner-calls',
    tag: 'orders',
    summary: "Every call made to a partner for the order: system, step, idempotency key, attempts and the last attempt's outcome",
    description:
      'One item per idempotency key, oldest first. Calls through the ERP, CRM, carrier, channel and gateway clients; a marketplace connector’s own API calls (Shopify, Amazon, eBay) are not listed.',
    params: orderIdParams,
    responses: [{ status: 200, description: 'The calls.', schema: 'PartnerCallList' }],
    errors: [400, 404],
  },
  {
    operationId: 'signIn',
    method: 'post',
    path: '/api/v1/session',
    tag: 'console',
    summary: 'Sign in to the console with an API key (ops or admin): answers a session cookie',
    description: `The key comes as the Authorization (Bearer) or X-Api-Key header, never in a body. ${COOKIE} A request with the cookie and no key header acts as that key (name and role) until the session expires, is signed out, or the key leaves API_KEYS.`,
    responses: [{ status: 201, description: 'Signed in.', schema: 'ConsoleSession' }],
    errors: [],
  },
  {
    operationId: 'signInWithLink',
    method: 'post',
    path: '/api/v1/session/link',
    tag: 'console',
    summary: 'Sign in with a one-time link (development: `npm start` prints it)',
    description: `The token is the part after #link= of the printed link: single use, valid ten minutes. ${COOKIE} 401 invalid_sign_in_link naming body.token when it is unknown, used or expired.`,
    body: { schema: signInLinkSchema, name: 'SignInLinkRequest' },
    responses: [{ status: 201, description: 'Signed in.', schema: 'ConsoleSession' }],
    errors: [...BODY_ERRORS, 401],
  },
  {
    operationId: 'getSession',
    method: 'get',
    path: '/api/v1/session',
    tag: 'console',
    summary: "Who is signed in, the session's expiry and its CSRF token",
    responses: [{ status: 200, description: 'The caller.', schema: 'ConsoleSession' }],
    errors: [],
  },
  {
    operationId: 'signOut',
    method: 'delete',
    path: '/api/v1/session',
    tag: 'console',
    summary: "Sign out: ends the cookie's session and clears the cookie",
    description: 'With the cookie, the X-CSRF-Token header is required (403 csrf_token_missing otherwise). With a key header: clears the cookie only.',
    responses: [{ status: 204, description: 'Signed out.' }],
    errors: [],
  },
];
