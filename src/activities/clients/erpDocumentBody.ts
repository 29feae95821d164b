/** An ERP document (src/domain/erpDocuments.ts) as the ERP receives it: amounts as decimal strings (docs/partner-contracts.md). */
import type { ErpDocument } from '../../domain/erpDocuments';
import { formatMoney } from '../../domain/money';
import type { SharePart } from '../../domain/pricing';

export function erpDocumentBody(doc: ErpDocument) {
  const money = (minor: number) => formatMoney(minor, doc.currency);
  const discounts = (list: SharePart[]) =>
    list.map((d) => ({ ...(d.code !== undefined && { code: d.code }), ...(d.title !== undefined && { title: d.title }), amount: money(d.amountMinor) }));
  const taxLines = (list: SharePart[]) => list.map((t) => ({ title: t.title, rate: t.rate, amount: money(t.amountMinor) }));
  return {
    currency: doc.currency,
    taxesIncluded: doc.taxesIncluded,
    lines: doc.lines.map((l) => ({
      lineNo: l.lineNo,
      ...(l.channelLineId !== undefined && { channelLineId: l.channelLineId }),
      sku: l.sku,
      quantity: l.units,
      unitPrice: money(l.unitPriceMinor),
      subtotal: money(l.subtotalMinor),
      discounts: discounts(l.discounts),
      taxLines: taxLines(l.taxLines),
      total: money(l.totalMinor),
    })),
    shippingLines: doc.shippingLines.map((s) => ({
      service: s.service,
      price: money(s.priceMinor),
      discounts: discounts(s.discounts),
      taxLines: taxLines(s.taxLines),
      total: money(s.totalMinor),
    })),
    subtotal: money(doc.subtotalMinor),
    discounts: money(doc.discountsMinor),
    shipping: money(doc.shippingMinor),
    tax: money(doc.taxMinor),
    total: money(doc.totalMinor),
  };
}
