/** The partner systems the simulator stands in for; also the scope of faults and idempotency. */
export const SYSTEM_NAMES = ['erp', 'crm', 'carrier', 'channel'] as const;

export type SystemName = (typeof SYSTEM_NAMES)[number];

export function isSystemName(value: unknown): value is SystemName {
  return typeof value === 'string' && (SYSTEM_NAMES as readonly string[]).includes(value);
}
