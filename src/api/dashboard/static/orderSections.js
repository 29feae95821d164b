// The parts of one order's page, drawn from GET /api/v1/orders/:id and its partner calls. Every
// value goes in as text (dom.js), never as HTML.
import { $, el } from './dom.js';
import { ago, formatDuration, formatTime } from './format.js';
import { temporalLink } from './state.js';

/** A table from column headings and rows of cells; `empty` when there are no rows. */
export function table(id, headings, rows, empty) {
  if (rows.length === 0) return el('p', { class: 'muted', id }, empty);
  return el(
    'table',
    { id },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headings.map((h) => el('th', { scope: 'col' }, h)),
      ),
    ),
    el('tbody', {}, rows),
  );
}

const pair = (term, ...value) => [el('dt', {}, term), el('dd', {}, ...value)];
const badge = (text, kind = '') => el('span', { class: `badge ${kind}` }, text);

export function renderSummary(o) {
  document.title = `${o.channel} ${o.externalId} · orderhub operations`;
  $('order-title').textContent = `Order ${o.externalId} (${o.channel})`;
  const address = o.shippingAddress || {};
  $('summary').replaceChildren(
    ...pair('Status', badge(o.status, `status-${o.status}`)),
    ...pair('Payment', o.paymentStatus),
    ...pair('Fulfillment', o.fulfillmentStatus),
    ...pair('Customer', `${o.customer.name || '—'} · ${o.customer.email || 'no e-mail'} (${o.customer.tier})`),
    ...pair('Ship to', [address.name, address.line1, address.line2, address.city, address.region, address.postalCode, address.country].filter(Boolean).join(', ') || '—'),
    ...pair('Service', o.shippingService),
    ...pair('Priority', `${o.priorityClass} (${o.priorityScore})`, o.late ? [' ', badge('LATE', 'late')] : null),
    ...pair('Placed', formatTime(o.placedAt)),
    ...pair('Ship by', formatTime(o.shipBy)),
    ...pair('Workflow', temporalLink(o.workflowId)),
    ...(o.cancelReason ? pair('Cancelled because', o.cancelReason) : []),
  );
}

/** Lines with their money; `onCancelUnits(line)` when the order may still lose units. */
export function renderLines(o, onCancelUnits) {
  const rows = o.lines.map((l) => {
    const left = l.quantity - (l.cancelledQuantity || 0);
    const button =
      onCancelUnits && left > 0
        ? el('button', { type: 'button', class: 'cancel-units', 'data-line': l.lineNo, onclick: () => onCancelUnits(l, left) }, `Cancel units of line ${l.lineNo}`)
        : null;
    return el(
      'tr',
      { 'data-line': l.lineNo },
      el('td', { class: 'num' }, l.lineNo),
      el('td', {}, l.sku),
      el('td', { class: 'num' }, l.quantity),
      el('td', { class: 'num' }, l.unitPrice),
      el('td', { class: 'num' }, l.subtotal),
      el('td', { class: 'num' }, l.discountTotal),
      el('td', { class: 'num' }, l.tax),
      el('td', { class: 'num' }, l.lineTotal),
      el('td', { class: 'num' }, l.cancelledQuantity ? `${l.cancelledQuantity} (${l.refunded} back)` : '—'),
      el('td', {}, button),
    );
  });
  $('lines').replaceChildren(table('lines-table', ['#', 'SKU', 'Qty', 'Unit price', 'Subtotal', 'Discounts', 'Tax', 'Line total', 'Cancelled', ''], rows, 'No lines.'));
  const c = o.currency;
  $('money').replaceChildren(
    ...pair('Subtotal', `${o.subtotal} ${c}`),
    ...pair('Discounts', `${o.discounts} ${c}`),
    ...pair('Shipping', `${o.shipping} ${c}`),
    ...pair(o.taxesIncluded ? 'Tax (included)' : 'Tax', `${o.tax} ${c}`),
    ...pair('Total', el('strong', {}, `${o.total} ${c}`)),
  );
}

export function renderPayments(o) {
  const rows = o.payment.transactions.map((t) =>
    el(
      'tr',
      {},
      el('td', {}, t.kind),
      el('td', { class: 'num' }, `${t.amount} ${o.currency}`),
      el('td', {}, t.source),
      el('td', {}, t.gateway || '—'),
      el('td', {}, t.reference || '—'),
      el('td', {}, formatTime(t.at)),
    ),
  );
  $('payments').replaceChildren(
    el('p', {}, `Payment ${o.payment.status}${o.payment.capturePolicy ? `, captured ${o.payment.capturePolicy}` : ''}; reference ${o.paymentReference || '—'}.`),
    table('payments-table', ['Kind', 'Amount', 'Source', 'Gateway', 'Reference', 'At'], rows, 'No payment transactions.'),
  );
}

export function renderShipments(o) {
  const rows = o.shipments.map((s) =>
    el(
      'tr',
      { 'data-shipment': s.shipmentId },
      el('td', {}, s.locationId),
      el('td', {}, `${s.carrier} ${s.service}`),
      el('td', {}, s.trackingNumber || '—'),
      el('td', {}, s.status),
      el('td', {}, formatTime(s.dispatchedAt)),
      el('td', {}, formatTime(s.deliveredAt)),
    ),
  );
  $('shipments').replaceChildren(table('shipments-table', ['From', 'Carrier', 'Tracking', 'Status', 'Dispatched', 'Delivered'], rows, 'No shipments yet.'));
}

/** Holds, open ones first, each with its age; `onRelease(hold)` draws a release button on open ones. */
export function renderHolds(o, onRelease) {
  const holds = [...o.holds].sort((a, b) => Number(b.releasedAt === null) - Number(a.releasedAt === null));
  const rows = holds.map((h) => {
    const open = h.releasedAt === null;
    const age = ((open ? Date.now() : new Date(h.releasedAt).getTime()) - new Date(h.placedAt).getTime()) / 1000;
    return el(
      'tr',
      { 'data-reason': h.reason, 'data-open': open ? 'true' : 'false', class: h.escalated && open ? 'late' : '' },
      el('td', {}, badge(h.reason), h.escalated ? [' ', badge('ESCALATED', 'escalated')] : null),
      el('td', {}, h.note || ''),
      el('td', {}, h.placedBy),
      el('td', { title: formatTime(h.placedAt) }, open ? `open ${formatDuration(age)}` : `was open ${formatDuration(age)}`),
      el('td', {}, open ? '—' : `${h.releasedBy} · ${ago(h.releasedAt)}`),
      el('td', {}, open && onRelease ? el('button', { type: 'button', class: 'release', onclick: () => onRelease(h) }, `Release ${h.reason} hold`) : null),
    );
  });
  $('holds').replaceChildren(table('holds-table', ['Reason', 'Note', 'Placed by', 'Age', 'Released', ''], rows, 'No holds.'));
}

export function renderPartnerCalls(calls) {
  const rows = calls.map((c) =>
    el(
      'tr',
      { 'data-step': c.step, class: c.outcome === 'succeeded' ? '' : 'late' },
      el('td', {}, c.system),
      el('td', {}, c.step),
      el('td', {}, el('code', {}, c.idempotencyKey)),
      el('td', {}, badge(c.outcome, `outcome-${c.outcome}`), c.lastError ? el('div', { class: 'muted' }, c.lastError) : null),
      el('td', { class: 'num' }, c.attempts),
      el('td', {}, formatTime(c.lastAt)),
    ),
  );
  $('partner-calls').replaceChildren(table('partner-calls-table', ['System', 'Step', 'Idempotency key', 'Outcome', 'Attempts', 'Last'], rows, 'No partner calls recorded.'));
}

export function renderTimeline(o) {
  $('timeline').replaceChildren(...o.timeline.map((e) => el('li', { 'data-type': e.type }, el('time', { datetime: e.at }, formatTime(e.at)), ' ', badge(e.type), ' ', e.message)));
}

/** Partner steps waiting for an operator: needs_attention events not yet retried or skipped. */
export function waitingSteps(o) {
  const waiting = new Map();
  for (const e of o.timeline) {
    const step = e.data && e.data.step;
    if (!step) continue;
    if (e.type === 'needs_attention') waiting.set(step, e.data.system);
    if (e.type === 'integration_retried' || e.type === 'integration_skipped') waiting.delete(step);
  }
  return [...waiting.keys()];
}
