/** The partner systems the simulator stands in for (gateway: the payment gateway); also the scope of faults and idempotency. */
export const SYSTEM_NAMES = ['erp', 'crm', 'carrier', 'channel', 'gateway'] as const;

export type SystemName = (typeof SYSTEM_NAMES)[number];

export function isSystemName(value: unknown): value is SystemName {
  return typeof value === 'string' && (SYSTEM_NAMES as readonly string[]).includes(value);
}
