import { channelParams } from '../channels/router';
import { syncActionSchema } from '../channels/syncRouter';
import { BODY_ERRORS, type JsonSchema, type Operation } from './registry';
import { withStorableRules } from './storableJson';

const syncStatus = {
  type: 'object',
  required: [
    'channel',
    'running',
    'paused',
    'cursor',
    'pageToken',
    'backlog',
    'lastSuccessAt',
    'lastError',
    'rateLimitWaits',
    'rateLimitWaitMs',
    'rateLimitWaitsTotal',
    'rateLimitWaitMsTotal',
    'notified',
    'lagMs',
    'importedThisRun',
    'refusedThisRun',
  ],
  properties: {
    channel: { type: 'string' },
    running: { type: 'boolean', description: 'A poller workflow runs for the channel.' },
    paused: { type: 'boolean' },
    cursor: { type: ['string', 'null'], description: "The platform's watermark the last complete pass reached (ISO time)." },
    pageToken: { type: ['string', 'null'], description: 'The page of the pass in progress; null between passes.' },
    backlog: { type: 'integer', description: 'Orders of the page in progress not imported yet.' },
    lastSuccessAt: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'] },
    rateLimitWaits: { type: 'integer', description: 'Waits for the platform\u2019s usage plans in this run of the poller.' },
    rateLimitWaitMs: { type: 'integer' },
    rateLimitWaitsTotal: { type: 'integer', description: 'Waits for the usage plans since the poller began (saved; also in /metrics).' },
    rateLimitWaitMsTotal: { type: 'integer' },
    notified: { type: 'integer', description: 'Orders named by platform notifications, not fetched yet.' },
    lagMs: {
      type: ['integer', 'null'],
      description:
        'How far behind now the poller is: to the last page a pass in progress listed, else to the cursor (null before anything was listed). Shrinks as a backlog is caught up.',
    },
    importedThisRun: { type: 'integer' },
    refusedThisRun: { type: 'integer', description: 'Orders the hub could not take (logged with the reason).' },
  },
};

/** A platform's order id as the parsers take it (src/channels/marketplaceNotifications.ts). */
const platformOrderId: JsonSchema = { type: 'string', pattern: '^[\\x21-\\x7e]{1,64}$' };
const amazonOrderChange: JsonSchema = {
  type: 'object',
  description: 'Amazon ORDER_CHANGE notification (the SQS message body).',
  required: ['NotificationType', 'Payload'],
  properties: {
    NotificationType: { type: 'string', enum: ['ORDER_CHANGE'] },
    Payload: {
      type: 'object',
      required: ['OrderChangeNotification'],
      properties: { OrderChangeNotification: { type: 'object', required: ['AmazonOrderId'], properties: { AmazonOrderId: platformOrderId } } },
    },
  },
};
const ebayOrderNotification: JsonSchema = {
  type: 'object',
  description: 'eBay Notification API message.',
  required: ['metadata', 'notification'],
  properties: {
    metadata: { type: 'object', required: ['topic'], properties: { topic: { type: 'string', minLength: 1 } } },
    notification: {
      type: 'object',
      required: ['data'],
      properties: { data: { type: 'object', required: ['orderId'], properties: { orderId: platformOrderId } } },
    },
  },
};
// With the rules every body obeys (no NUL or lone surrogate in any key or string, extra fields included).
const notificationBody = withStorableRules({
  description: "Amazon's or eBay's shape, by the channel's platform: the other platform's shape is a 400 naming its first field.",
  anyOf: [amazonOrderChange, ebayOrderNotification],
}) as JsonSchema;

/** Marketplace pollers (docs/amazon.md). */
export const marketplaceOperations: Operation[] = [
  {
    operationId: 'getChannelSync',
    method: 'get',
    path: '/api/v1/channels/:channel/sync',
    tag: 'channels',
    summary: "A marketplace channel's order poller: cursor, backlog, rate-limit waits",
    params: channelParams,
    responses: [{ status: 200, description: 'The poller.', schema: syncStatus }],
    errors: [400, 404, 409],
  },
  {
    operationId: 'postChannelNotification',
    method: 'post',
    path: '/api/v1/channels/:channel/notifications',
    tag: 'channels',
    summary: "A marketplace's order notification: the channel's poller fetches the named order at once",
    description:
      "Amazon ORDER_CHANGE (the notification JSON, as an SQS message body) or eBay ORDER_CONFIRMATION (the Notification API message), by the channel's platform: a body in the other platform's shape is a 400 naming NotificationType (Amazon channel) or metadata.topic (eBay channel). Sent with the channel's key. 409 not_polled for a channel whose platform sends its orders; 409 poller_not_running when no poller runs.",
    params: channelParams,
    body: { json: notificationBody },
    responses: [
      {
        status: 202,
        description: 'The poller has the ids.',
        schema: {
          type: 'object',
          required: ['channel', 'topic', 'orderIds'],
          properties: { channel: { type: 'string' }, topic: { type: 'string' }, orderIds: { type: 'array', items: { type: 'string' } } },
        },
      },
    ],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'controlChannelSync',
    method: 'post',
    path: '/api/v1/channels/:channel/sync',
    tag: 'channels',
    summary: "Pause, resume, poll now or re-sync a window of a marketplace channel's poller",
    description: '409 not_polled for a channel whose platform sends its orders; 409 poller_not_running when no poller runs for it.',
    params: channelParams,
    body: { schema: syncActionSchema, name: 'ChannelSyncAction' },
    responses: [{ status: 200, description: 'The poller after the action.', schema: syncStatus }],
    errors: [...BODY_ERRORS, 404, 409],
  },
];
