import { errorText, fetchJson, withQuery } from './api.js';
import { $, el, show } from './dom.js';
import { ago, formatTime } from './format.js';
import { channelFilter, temporalLink } from './state.js';

// Open returns (issue 18): every return still in progress, newest first. The API lists one status
// at a time, so the page asks for each open one (src/domain/returns/status.ts isOpenReturn).
const OPEN_STATUSES = ['needs_attention', 'requested', 'label_issued', 'in_transit', 'received'];
const PER_STATUS = 50;

function returnRow(r) {
  return el(
    'tr',
    { 'data-return-id': r.returnId, class: r.status === 'needs_attention' ? 'late' : '' },
    el('td', {}, el('span', { class: `badge return-${r.status}` }, r.status)),
    el('td', {}, el('div', {}, r.returnId), el('div', { class: 'muted' }, r.channel)),
    el('td', {}, r.orderId),
    el('td', { class: 'num' }, `${r.refund} ${r.currency}`),
    el('td', { title: formatTime(r.createdAt) }, ago(r.createdAt)),
    el('td', {}, temporalLink(`return:${r.returnId}`)),
  );
}

export async function loadReturns() {
  const pages = await Promise.all(OPEN_STATUSES.map((status) => fetchJson(withQuery('/api/v1/returns', { status, limit: PER_STATUS, channel: channelFilter() }))));
  const failed = pages.find((p) => !p.ok);
  if (failed) return show('returns-error', `Could not load the returns: ${errorText(failed)}`);
  show('returns-error', '');
  const items = pages.flatMap((p) => p.body.items || []).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  $('returns').tBodies[0].replaceChildren(...items.map(returnRow));
  $('returns-empty').hidden = items.length > 0;
  const more = pages.some((p) => p.body.nextCursor);
  $('returns-count').textContent = `(${items.length}${more ? '+' : ''})`;
}
