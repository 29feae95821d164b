/**
 * A channel's return policy (issue 18), stored on the channel's row like its backorder and capture
 * policies: how long after delivery a customer may open a return, whether the order's shipping goes
 * back with the last unit returned, and when an exchange's replacement ships.
 */
export const RETURN_SHIPPING_POLICIES = ['with_last_unit', 'never'] as const;
export type ReturnShippingPolicy = (typeof RETURN_SHIPPING_POLICIES)[number];

export const EXCHANGE_POLICIES = ['on_receipt', 'at_once'] as const;
export type ExchangePolicy = (typeof EXCHANGE_POLICIES)[number];

export interface ReturnPolicy {
  /** Days after delivery a return may be opened (issue 18: 30 unless the channel says otherwise). */
  returnWindowDays: number;
  /**
   * with_last_unit: once every unit is returned (or cancelled) the shipping paid goes back too, so
   * a whole order sent back refunds exactly what was paid; never: shipping is the customer's.
   */
  returnShipping: ReturnShippingPolicy;
  /** on_receipt: the replacement ships once the returned units arrive; at_once: when requested. */
  exchangeShipsAt: ExchangePolicy;
}

export const DEFAULT_RETURN_POLICY: ReturnPolicy = { returnWindowDays: 30, returnShipping: 'with_last_unit', exchangeShipsAt: 'on_receipt' };

/** The policy of a channel row; null columns fall back to the defaults. */
export function returnPolicyOf(row: { returnWindowDays?: number | null; returnShipping?: string | null; exchangeShipsAt?: string | null }): ReturnPolicy {
  const shipping = RETURN_SHIPPING_POLICIES.find((p) => p === row.returnShipping);
  const exchange = EXCHANGE_POLICIES.find((p) => p === row.exchangeShipsAt);
  return {
    returnWindowDays: row.returnWindowDays ?? DEFAULT_RETURN_POLICY.returnWindowDays,
    returnShipping: shipping ?? DEFAULT_RETURN_POLICY.returnShipping,
    exchangeShipsAt: exchange ?? DEFAULT_RETURN_POLICY.exchangeShipsAt,
  };
}
