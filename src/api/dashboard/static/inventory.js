// The inventory page: stock per SKU (lowest availability first, low stock flagged), one SKU's
// locations, channels, adjustment and ledger (skuDetail.js), and the backorders (backorders.js).
// Every value from the API reaches the page as text, never as HTML.
import { errorText, getJson } from './opsApi.js';
import { withQuery } from './api.js';
import { $, el, show } from './dom.js';
import { loadBackorders } from './backorders.js';
import { signedIn } from './nav.js';
import { guarded, loaded } from './opsPage.js';
import { openSku } from './skuDetail.js';

const LIST_LIMIT = 200;

async function loadStock() {
  const threshold = Number($('threshold').value) || 0;
  const sku = $('sku-search').value.trim() || undefined;
  const res = await getJson(withQuery('/api/v1/inventory', { lowStock: $('low-only').checked ? 'true' : undefined, threshold, limit: LIST_LIMIT, sku }));
  if (!res.ok) return show('stock-error', `Could not load the stock: ${errorText(res)}`);
  show('stock-error', '');
  const items = res.body.items;
  $('stock-count').textContent = `(${items.length}${items.length === LIST_LIMIT ? '+' : ''})`;
  $('stock').tBodies[0].replaceChildren(
    ...items.map((s) => {
      const low = s.totalAvailable <= threshold;
      const open = el('button', { type: 'button', class: 'link', onclick: () => openSku(s.sku) }, s.sku);
      return el(
        'tr',
        { 'data-sku': s.sku, class: low ? 'low' : undefined },
        el('td', {}, open, low ? el('span', { class: 'badge low' }, ' LOW') : null),
        el('td', {}, s.name),
        el('td', { class: 'num' }, s.totalOnHand),
        el('td', { class: 'num' }, s.totalReserved),
        el('td', { class: 'num' }, s.totalAvailable),
      );
    }),
  );
}

async function start() {
  const params = new URLSearchParams(location.search);
  $('low-only').checked = params.get('lowStock') === 'true';
  $('sku-search').value = params.get('sku') || '';
  $('stock-filter').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(loadStock, 'stock-error');
  });
  $('low-only').addEventListener('change', () => guarded(loadStock, 'stock-error'));
  document.addEventListener('stock-changed', () => Promise.all([guarded(loadStock, 'stock-error'), guarded(() => loadBackorders(false), 'backorders-error')]));
  $('backorders-sort').addEventListener('change', () => guarded(() => loadBackorders(false), 'backorders-error'));
  $('backorders-more').addEventListener('click', () => guarded(() => loadBackorders(true), 'backorders-error'));
  // Nothing to load without a session: nav.js sends the page to sign-in.
  if (!(await signedIn)) return;
  await Promise.all([guarded(loadStock, 'stock-error'), guarded(() => loadBackorders(false), 'backorders-error')]);
  if (params.get('sku')) await openSku(params.get('sku'));
  loaded();
}

start();
