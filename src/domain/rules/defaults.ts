import type { Rule } from './types';

/** The out-of-the-box rule set. Priority first, then holds; none stops processing. */
export const DEFAULT_RULES: Rule[] = [
  {
    id: 'vip-priority',
    name: 'VIP customers ship first',
    enabled: true,
    order: 10,
    when: { fact: 'customerTier', op: 'eq', value: 'vip' },
    actions: [
      { type: 'setPriorityClass', value: 'urgent' },
      { type: 'addPriority', points: 100 },
      { type: 'tag', value: 'vip' },
    ],
    stopProcessing: false,
  },
  {
    id: 'next-day-priority',
    name: 'Next-day orders ship within 24 hours',
    enabled: true,
    order: 20,
    when: { fact: 'serviceLevel', op: 'eq', value: 'next_day' },
    actions: [
      { type: 'setPriorityClass', value: 'high' },
      { type: 'addPriority', points: 50 },
      { type: 'setShipByHours', hours: 24 },
    ],
    stopProcessing: false,
  },
  {
    id: 'fraud-review',
    name: 'Large orders or billing/shipping country mismatch go to fraud review',
    enabled: true,
    order: 100,
    when: {
      any: [
        // In US cents whatever the order's currency (FX_RATES): 50,000 minor units would be 2 USD in VND.
        { fact: 'orderTotalUsdCents', op: 'gt', value: 50_000 },
        { fact: 'billingCountryMismatch', op: 'eq', value: true },
      ],
    },
    actions: [{ type: 'placeHold', reason: 'fraud_review', note: 'total over 500 USD (or a currency without an exchange rate) or billing country mismatch' }],
    stopProcessing: false,
  },
  {
    id: 'address-incomplete',
    name: 'Incomplete shipping address',
    enabled: true,
    order: 110,
    when: { fact: 'addressComplete', op: 'eq', value: false },
    actions: [{ type: 'placeHold', reason: 'address', note: 'shipping address is incomplete' }],
    stopProcessing: false,
  },
  {
    id: 'payment-pending',
    name: 'Payment not yet captured',
    enabled: true,
    order: 120,
    when: { fact: 'paymentStatus', op: 'eq', value: 'pending' },
    actions: [{ type: 'placeHold', reason: 'payment' }],
    stopProcessing: false,
  },
];
