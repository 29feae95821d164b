// Orders waiting for stock, oldest first or in the order the queue serves them, a page at a time.
import { withQuery } from './api.js';
import { errorText, getJson } from './opsApi.js';
import { $, el, show } from './dom.js';
import { formatDuration } from './format.js';

const PAGE = 50;
let next = null;

const shortOf = (b) =>
  b.shortfall.length > 0
    ? b.shortfall.map((s) => (typeof s.requested === 'number' && typeof s.available === 'number' ? `${s.requested - s.available} × ${s.sku}` : String(s.sku))).join(', ')
    : b.skus.join(', ');

export async function loadBackorders(more) {
  const sort = $('backorders-sort').value;
  const res = await getJson(withQuery('/api/v1/backorders', { sort, limit: PAGE, cursor: more ? next : undefined }));
  if (!res.ok) return show('backorders-error', `Could not load the backorders: ${errorText(res)}`);
  show('backorders-error', '');
  next = res.body.nextCursor;
  $('backorders-count').textContent = `(${res.body.waiting})`;
  const rows = res.body.items.map((b) =>
    el(
      'tr',
      { 'data-order-id': b.orderId },
      el('td', {}, b.channel && b.externalId ? `${b.channel} / ${b.externalId}` : b.workflowId),
      el('td', {}, shortOf(b)),
      el('td', { class: 'num' }, b.priorityScore),
      el('td', {}, formatDuration(b.waitingSeconds)),
      el('td', {}, b.partial ? 'holds what there was' : 'waits for all'),
    ),
  );
  const body = $('backorders').tBodies[0];
  if (more) body.append(...rows);
  else body.replaceChildren(...rows);
  $('backorders-empty').hidden = body.rows.length > 0;
  $('backorders-more').hidden = !next;
}
