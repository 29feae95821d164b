// One order's page: /dashboard/order.html?id=<order id>. Draws the order from the API, then its
// partner calls; every action goes through orderActions.js and redraws from the route's answer.
import { errorText, fetchJson } from './api.js';
import { $, show } from './dom.js';
import { signedIn } from './nav.js';
import { actionButtons, cancelUnits, releaseHold, setUpDialog } from './orderActions.js';
import { renderHolds, renderLines, renderPartnerCalls, renderPayments, renderShipments, renderSummary, renderTimeline, waitingSteps } from './orderSections.js';
import { state } from './state.js';

const orderId = new URLSearchParams(location.search).get('id') || '';

function render(o) {
  const open = o.status !== 'cancelled' && o.status !== 'delivered';
  renderSummary(o);
  $('actions').replaceChildren(...actionButtons(o, waitingSteps(o)).filter(Boolean));
  renderLines(o, open ? cancelUnits(o) : null);
  renderPayments(o);
  renderShipments(o);
  renderHolds(o, releaseHold(o));
  renderTimeline(o);
}

async function loadPartnerCalls() {
  const res = await fetchJson(`/api/v1/orders/${encodeURIComponent(orderId)}/partner-calls`);
  if (res.ok) renderPartnerCalls(res.body.items);
  else $('partner-calls').textContent = `Could not load the partner calls: ${errorText(res)}`;
}

async function load() {
  const res = await fetchJson(`/api/v1/orders/${encodeURIComponent(orderId)}`);
  if (!res.ok) {
    show('order-error', `Could not load order ${orderId}: ${errorText(res)}`);
    return;
  }
  render(res.body);
  await loadPartnerCalls();
}

async function start() {
  if (!(await signedIn)) return;
  const config = await fetchJson('/api/v1/dashboard/config');
  if (config.ok) state.config = config.body;
  setUpDialog(async (order) => {
    render(order);
    await loadPartnerCalls();
  });
  await load();
  document.body.dataset.loaded = 'true';
}

start();
