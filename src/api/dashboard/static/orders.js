// Find an order: the form's fields are GET /api/v1/orders filters, kept in the page's address so a
// search can be bookmarked and the back button works; pages follow the API's keyset cursor.
import { errorText, fetchJson, withQuery } from './api.js';
import { $, el, show } from './dom.js';
import { ago, formatTime } from './format.js';
import { signedIn } from './nav.js';

const PAGE_SIZE = 50;
const FIELDS = ['externalId', 'email', 'name', 'sku', 'status', 'channel', 'holdReason', 'placedFrom', 'placedTo'];

/** The form's dates are local days; the API takes instants (placedTo is the end of its day). */
function dayStart(day, plusDays = 0) {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function filtersFromAddress() {
  const params = new URLSearchParams(location.search);
  const form = $('search');
  for (const f of FIELDS) form.elements[f].value = params.get(f) || '';
  return { filters: Object.fromEntries(FIELDS.map((f) => [f, params.get(f) || ''])), cursor: params.get('cursor') || '' };
}

function resultRow(o) {
  const href = `/dashboard/order.html?id=${encodeURIComponent(o.orderId)}`;
  return el(
    'tr',
    { 'data-order-id': o.orderId },
    el('td', {}, el('a', { href }, o.externalId)),
    el('td', {}, o.channel),
    el('td', {}, el('div', {}, o.customerName || '—'), el('div', { class: 'muted' }, o.customerEmail || '')),
    el('td', {}, el('span', { class: `badge status-${o.status}` }, o.status)),
    el('td', {}, o.paymentStatus),
    el('td', { class: 'num' }, `${o.total} ${o.currency}`),
    el('td', { title: formatTime(o.placedAt) }, ago(o.placedAt)),
  );
}

async function load() {
  const { filters, cursor } = filtersFromAddress();
  const query = { ...filters, placedFrom: dayStart(filters.placedFrom), placedTo: dayStart(filters.placedTo, 1), limit: PAGE_SIZE, cursor };
  const res = await fetchJson(withQuery('/api/v1/orders', query));
  if (!res.ok) {
    show('search-error', `Could not search: ${errorText(res)}`);
    $('results').tBodies[0].replaceChildren();
    return;
  }
  show('search-error', '');
  const items = res.body.items || [];
  $('results').tBodies[0].replaceChildren(...items.map(resultRow));
  $('results-empty').hidden = items.length > 0;
  $('results-count').textContent = `(${items.length}${res.body.nextCursor ? '+' : ''}${cursor ? ', later page' : ''})`;
  $('next-page').hidden = !res.body.nextCursor;
  $('next-page').dataset.cursor = res.body.nextCursor || '';
  $('first-page').hidden = !cursor;
}

function go(filters, cursor) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (cursor) params.set('cursor', cursor);
  history.pushState(null, '', `${location.pathname}?${params}`);
  return load().finally(() => (document.body.dataset.loaded = 'true'));
}

const currentFilters = () => Object.fromEntries(FIELDS.map((f) => [f, $('search').elements[f].value.trim()]));

async function start() {
  if (!(await signedIn)) return;
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    go(currentFilters(), '');
  });
  $('search').addEventListener('reset', () => setTimeout(() => go({}, ''), 0));
  $('next-page').addEventListener('click', () => go(filtersFromAddress().filters, $('next-page').dataset.cursor));
  $('first-page').addEventListener('click', () => go(filtersFromAddress().filters, ''));
  window.addEventListener('popstate', () => load());
  await load();
  document.body.dataset.loaded = 'true';
}

start();
