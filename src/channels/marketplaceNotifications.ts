/**
 * Platform notifications carry ids only: which orders changed, never the orders themselves. The
 * hub reads the ids out of the platform's published envelope and asks the channel's poller to
 * fetch those orders at once; what it imports comes from the platform's API, so a notification is
 * a hint, never a source of order data.
 *
 * - Amazon ORDER_CHANGE (schemas/notifications/OrderChangeNotification.json in
 *   amzn/selling-partner-api-models): Payload.OrderChangeNotification.AmazonOrderId. Amazon
 *   delivers it to an SQS queue or EventBridge; a forwarder posts the message body here.
 * - eBay ORDER_CONFIRMATION (the Notification API's AsyncAPI contract): notification.data.orderId,
 *   "the seller looks up the orderId from the notification and then issues a getOrders call".
 *
 * Each parser answers the ids or the problems, each naming the field (a 400 for the sender).
 */
import type { FieldProblem } from '../api/httpError';

export type ParsedNotification = { ids: string[]; topic: string } | { problems: FieldProblem[] };

const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
/** An order id as a platform writes it: short, printable, no spaces. */
const orderId = (v: unknown): v is string => typeof v === 'string' && /^[\x21-\x7e]{1,64}$/.test(v);

/** Amazon's ORDER_CHANGE notification (NotificationType ORDER_CHANGE; other types are refused: the hub subscribes to this one only). */
export function parseAmazonNotification(body: unknown): ParsedNotification {
  const root = obj(body);
  if (!root) return { problems: [{ field: 'body', message: 'must be the notification JSON object (an SQS message body)' }] };
  if (root.NotificationType !== 'ORDER_CHANGE') return { problems: [{ field: 'NotificationType', message: 'must be ORDER_CHANGE (the only notification the hub subscribes to)' }] };
  const change = obj(obj(root.Payload)?.OrderChangeNotification);
  if (!change) return { problems: [{ field: 'Payload.OrderChangeNotification', message: 'is required (an object)' }] };
  if (!orderId(change.AmazonOrderId))
    return { problems: [{ field: 'Payload.OrderChangeNotification.AmazonOrderId', message: 'must be an Amazon order id (3-7-7 format, at most 64 characters)' }] };
  return { ids: [change.AmazonOrderId], topic: 'ORDER_CHANGE' };
}

/** eBay's Notification API message ({metadata: {topic}, notification: {notificationId, data: {orderId}}}). */
export function parseEbayNotification(body: unknown): ParsedNotification {
  const root = obj(body);
  if (!root) return { problems: [{ field: 'body', message: "must be eBay's notification JSON object" }] };
  const topic = obj(root.metadata)?.topic;
  if (typeof topic !== 'string' || topic === '') return { problems: [{ field: 'metadata.topic', message: 'is required' }] };
  const data = obj(obj(root.notification)?.data);
  if (!data) return { problems: [{ field: 'notification.data', message: 'is required (an object)' }] };
  if (!orderId(data.orderId)) return { problems: [{ field: 'notification.data.orderId', message: 'must be an eBay order id (at most 64 characters)' }] };
  return { ids: [data.orderId], topic };
}
