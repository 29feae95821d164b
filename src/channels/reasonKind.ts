/**
 * The hub's cancel reason (a code such as out_of_stock, or an operator's free text) reduced to what
 * the channels' own reason codes distinguish; each platform maps these kinds to its codes.
 */
export type ReasonKind = 'stock' | 'payment' | 'address' | 'customer' | 'fraud' | 'other';
export function reasonKind(reason: string): ReasonKind {
  const r = reason.toLowerCase();
  if (r.includes('stock') || r.includes('backorder') || r.includes('inventory')) return 'stock';
  if (r.includes('payment')) return 'payment';
  if (r.includes('address')) return 'address';
  if (r.includes('fraud')) return 'fraud';
  if (r.includes('customer') || r.includes('buyer')) return 'customer';
  return 'other';
}
