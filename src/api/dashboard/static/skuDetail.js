// One SKU: stock per location, what each channel may sell, the adjustment form (through
// POST /api/v1/inventory/adjustments, after a confirmation) and the ledger, newest first.
import { withQuery } from './api.js';
import { confirmAction } from './confirm.js';
import { errorText, getJson, postJson } from './opsApi.js';
import { $, el, show } from './dom.js';
import { formatTime } from './format.js';

const LEDGER_PAGE = 50;
const current = { sku: null, ledgerNext: null, locations: [], allLocations: [] };

function renderStock(stock) {
  $('sku-title').textContent = `${stock.sku} · ${stock.name}`;
  $('sku-locations').tBodies[0].replaceChildren(
    ...stock.locations.map((l) =>
      el(
        'tr',
        { 'data-location': l.locationId },
        el('td', {}, l.locationId),
        el('td', { class: 'num' }, l.onHand),
        el('td', { class: 'num' }, l.reserved),
        el('td', { class: 'num' }, l.available),
      ),
    ),
  );
  $('sku-channels').replaceChildren(...stock.channels.map((c) => el('li', { 'data-channel': c.channel }, `${c.channel}: ${c.sellable}`)));
  // Any location may receive stock, not only those that hold some already.
  const ids = [...new Set([...stock.locations.map((l) => l.locationId), ...current.allLocations])];
  const select = $('adjust-location');
  const chosen = select.value;
  select.replaceChildren(...ids.map((id) => el('option', { value: id }, id)));
  if (ids.includes(chosen)) select.value = chosen;
  current.locations = stock.locations;
}

async function loadLedger(more) {
  const res = await getJson(withQuery(`/api/v1/inventory/${encodeURIComponent(current.sku)}/ledger`, { limit: LEDGER_PAGE, cursor: more ? current.ledgerNext : undefined }));
  if (!res.ok) return show('sku-error', `Could not load the ledger: ${errorText(res)}`);
  current.ledgerNext = res.body.nextCursor;
  const rows = res.body.entries.map((e) =>
    el(
      'tr',
      {},
      el('td', {}, formatTime(e.at)),
      el('td', {}, e.locationId),
      el('td', { class: 'num' }, e.onHandDelta > 0 ? `+${e.onHandDelta}` : e.onHandDelta),
      el('td', { class: 'num' }, e.reservedDelta > 0 ? `+${e.reservedDelta}` : e.reservedDelta),
      el('td', {}, e.reason),
      el('td', {}, e.orderId || ''),
      el('td', {}, e.note || ''),
    ),
  );
  const body = $('ledger').tBodies[0];
  if (more) body.append(...rows);
  else body.replaceChildren(...rows);
  $('ledger-more').hidden = !current.ledgerNext;
}

export async function openSku(sku) {
  current.sku = sku;
  $('sku-section').hidden = false;
  show('sku-error', '');
  const [stock, locations] = await Promise.all([getJson(`/api/v1/inventory/${encodeURIComponent(sku)}`), getJson('/api/v1/locations')]);
  if (!stock.ok) {
    $('sku-title').textContent = sku;
    return show('sku-error', `Could not load ${sku}: ${errorText(stock)}`);
  }
  current.allLocations = locations.ok ? locations.body.items.map((l) => l.id) : [];
  renderStock(stock.body);
  await loadLedger(false);
  $('sku-title').focus();
}

async function adjust(e) {
  e.preventDefault();
  const byCount = document.querySelector('input[name="adjust-kind"]:checked').value === 'count';
  const amount = Number($('adjust-amount').value);
  const locationId = $('adjust-location').value;
  const note = $('adjust-note').value.trim();
  const body = { sku: current.sku, locationId, reason: $('adjust-reason').value, ...(byCount ? { countedOnHand: amount } : { delta: amount }), ...(note && { note }) };
  const before = current.locations.find((l) => l.locationId === locationId)?.onHand ?? 0;
  const after = byCount ? amount : before + amount;
  const ok = await confirmAction(`Adjust ${current.sku} at ${locationId}?`, [`On hand ${before} → ${after}`, `Reason: ${body.reason}`, ...(note ? [`Note: ${note}`] : [])]);
  if (!ok) return;
  const res = await postJson('/api/v1/inventory/adjustments', body, crypto.randomUUID());
  const result = $('adjust-result');
  if (!res.ok) {
    result.className = 'error';
    result.textContent = `Not adjusted: ${errorText(res)}`;
    return;
  }
  const now = res.body.locations.find((l) => l.locationId === locationId);
  result.className = 'ok';
  result.textContent = `Adjusted: ${locationId} now has ${now ? now.onHand : after} on hand (${res.body.adjustment.delta >= 0 ? '+' : ''}${res.body.adjustment.delta}).`;
  $('adjust-amount').value = '';
  renderStock(res.body);
  await loadLedger(false);
  document.dispatchEvent(new CustomEvent('stock-changed'));
}

$('adjust').addEventListener('submit', adjust);
$('ledger-more').addEventListener('click', () => loadLedger(true));
