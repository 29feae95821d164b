/**
 * The hub's totals against the channel's. Any difference, one minor unit included, is a
 * mismatch: the order is accepted and held (`total_mismatch`) with both figures in the note, so
 * a figure never changes silently and an operator decides which one is right.
 */
import { formatMoney } from '../money';
import type { ChannelTotals } from './model';
import type { MoneyTotals } from './totals';

export type ReconciledField = 'total' | 'tax' | 'discounts';

export interface FieldMismatch {
  field: ReconciledField;
  hubMinor: number;
  channelMinor: number;
  /** hub - channel */
  differenceMinor: number;
}

export type Reconciliation = { ok: true } | { ok: false; mismatches: FieldMismatch[]; note: string };

export function reconcileTotals(hub: MoneyTotals, channel: ChannelTotals, currency: string): Reconciliation {
  const pairs: [ReconciledField, number, number | undefined][] = [
    ['total', hub.totalMinor, channel.totalMinor],
    ['tax', hub.taxMinor, channel.taxMinor],
    ['discounts', hub.discountsMinor, channel.discountsMinor],
  ];
  const mismatches: FieldMismatch[] = [];
  for (const [field, hubMinor, channelMinor] of pairs) {
    // A figure the channel did not send is not compared: absence is not disagreement.
    if (channelMinor === undefined || channelMinor === hubMinor) continue;
    mismatches.push({ field, hubMinor, channelMinor, differenceMinor: hubMinor - channelMinor });
  }
  if (mismatches.length === 0) return { ok: true };
  return { ok: false, mismatches, note: mismatchNote(mismatches, currency) };
}

/** "total: hub 598.94 USD, channel 598.95 USD (hub -0.01); tax: …" for the hold note. */
export function mismatchNote(mismatches: readonly FieldMismatch[], currency: string): string {
  const money = (minor: number) => `${formatMoney(minor, currency)} ${currency}`;
  const signed = (minor: number) => (minor > 0 ? `+${formatMoney(minor, currency)}` : formatMoney(minor, currency));
  return mismatches.map((m) => `${m.field}: hub ${money(m.hubMinor)}, channel ${money(m.channelMinor)} (hub ${signed(m.differenceMinor)})`).join('; ');
}
