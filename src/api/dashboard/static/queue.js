import { errorText, fetchJson, withQuery } from './api.js';
import { $, el, show } from './dom.js';
import { ago, formatTime } from './format.js';
import { channelFilter, temporalLink } from './state.js';

// The fulfillment queue: what ships next, most urgent first.
const QUEUE_LIMIT = 200;

function queueRow(item, index) {
  const late = item.late === true;
  return el(
    'tr',
    { 'data-order-id': item.orderId, 'data-late': late ? 'true' : 'false', class: late ? 'late' : '' },
    el('td', { class: 'num' }, index + 1),
    el('td', {}, el('span', { class: `badge prio-${item.priorityClass}` }, item.priorityClass), ' ', el('span', { class: 'muted' }, item.priorityScore)),
    el('td', {}, el('div', {}, item.externalId), el('div', { class: 'muted' }, item.channel)),
    el('td', {}, item.customerName),
    el('td', {}, item.status),
    el('td', { class: 'ship-by' }, formatTime(item.shipBy), late ? [' ', el('span', { class: 'badge late', title: 'Past its ship-by time' }, 'LATE')] : null),
    el('td', { class: 'num' }, `${item.total} ${item.currency}`),
    el('td', { title: formatTime(item.placedAt) }, ago(item.placedAt)),
    el(
      'td',
      {},
      (item.tags || []).map((t) => el('span', { class: 'tag' }, t)),
    ),
    el(
      'td',
      {},
      (item.parcels || []).map((p) => el('div', { title: p.shipmentId }, `${p.locationId}: ${p.status}`)),
    ),
    el('td', {}, temporalLink(item.workflowId)),
  );
}

export async function loadQueue() {
  const res = await fetchJson(withQuery('/api/v1/fulfillment/queue', { limit: QUEUE_LIMIT, channel: channelFilter() }));
  if (!res.ok) return show('queue-error', `Could not load the queue: ${errorText(res)}`);
  show('queue-error', '');
  const items = res.body.items || [];
  $('queue').tBodies[0].replaceChildren(...items.map(queueRow));
  $('queue-empty').hidden = items.length > 0;
  $('queue-count').textContent = `(${items.length}${items.length >= QUEUE_LIMIT ? '+' : ''})`;
  const late = items.filter((i) => i.late).length;
  $('late-count').textContent = `${late} late`;
  $('late-count').hidden = late === 0;
}
