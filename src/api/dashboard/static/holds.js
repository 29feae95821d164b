import { errorText, fetchJson, withQuery } from './api.js';
import { $, el, show } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import { channelFilter, state, temporalLink } from './state.js';

// Open holds, each with a release button; `afterRelease` refreshes the page.
const HOLDS_LIMIT = 200;

async function release(hold, button, afterRelease) {
  button.disabled = true;
  show('release-error', '');
  const url = `/api/v1/orders/${encodeURIComponent(hold.orderId)}/holds/${encodeURIComponent(hold.reason)}/release`;
  const note = (state.notes.get(hold.holdId) || '').trim() || 'released from the dashboard';
  try {
    const res = await fetchJson(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ note }),
    });
    if (!res.ok) {
      show('release-error', `Could not release the ${hold.reason} hold on ${hold.channel}/${hold.externalId}: ${errorText(res)}`);
      button.disabled = false;
      return;
    }
    state.notes.delete(hold.holdId);
  } catch (err) {
    show('release-error', `Could not release the ${hold.reason} hold on ${hold.channel}/${hold.externalId}: ${err.message}`);
    button.disabled = false;
    return;
  }
  await afterRelease();
}

function holdRow(hold, afterRelease) {
  const noteInput = el('input', {
    type: 'text',
    class: 'release-note',
    placeholder: 'note (optional)',
    'aria-label': `Release note for ${hold.externalId}`,
    'data-hold-id': hold.holdId,
    oninput: (e) => state.notes.set(hold.holdId, e.target.value),
  });
  noteInput.value = state.notes.get(hold.holdId) || '';
  const button = el('button', { type: 'button', class: 'release', 'data-hold-id': hold.holdId }, 'Release');
  button.addEventListener('click', () => release(hold, button, afterRelease));
  return el(
    'tr',
    { 'data-hold-id': hold.holdId, 'data-order-id': hold.orderId, 'data-reason': hold.reason, class: hold.escalated ? 'late' : '' },
    el('td', {}, el('span', { class: 'badge' }, hold.reason)),
    el('td', {}, el('div', {}, hold.externalId), el('div', { class: 'muted' }, hold.channel)),
    el(
      'td',
      { title: `placed ${formatTime(hold.placedAt)}` },
      formatDuration(hold.ageSeconds),
      hold.escalated ? [' ', el('span', { class: 'badge escalated' }, 'ESCALATED')] : null,
    ),
    el('td', {}, hold.placedBy),
    el('td', {}, hold.note || ''),
    el('td', {}, temporalLink(hold.workflowId)),
    el('td', { class: 'release' }, noteInput, ' ', button),
  );
}

export async function loadHolds(afterRelease) {
  const res = await fetchJson(withQuery('/api/v1/holds', { state: 'open', limit: HOLDS_LIMIT, channel: channelFilter() }));
  if (!res.ok) return show('holds-error', `Could not load the holds: ${errorText(res)}`);
  show('holds-error', '');
  const items = res.body.items || [];
  // A refresh must not take the note field away from an operator who is typing in it.
  const focused = document.activeElement && document.activeElement.classList.contains('release-note') ? document.activeElement.dataset.holdId : null;
  $('holds').tBodies[0].replaceChildren(...items.map((hold) => holdRow(hold, afterRelease)));
  if (focused) {
    const again = [...document.querySelectorAll('input.release-note')].find((i) => i.dataset.holdId === focused);
    if (again) again.focus();
  }
  $('holds-empty').hidden = items.length > 0;
  const counts = res.body.countsByReason || countByReason(items);
  const total = counts.reduce((n, c) => n + c.count, 0);
  $('holds-count').textContent = `(${total})`;
  $('hold-counts').replaceChildren(...counts.map((c) => el('li', { 'data-reason': c.reason }, `${c.reason}: `, el('strong', {}, c.count))));
}

function countByReason(items) {
  const counts = new Map();
  for (const h of items) counts.set(h.reason, (counts.get(h.reason) || 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}
