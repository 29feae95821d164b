// The channels page: each channel's buffer and backorder policy, and for polled marketplaces the
// poller's state (cursor, lag, backlog, last error) with pause and resume, through
// GET/POST /api/v1/channels/:channel/sync (the poller workflow's updates). Text only, never HTML.
import { confirmAction } from './confirm.js';
import { errorText, getJson, postJson } from './opsApi.js';
import { $, el, show } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import { signedIn } from './nav.js';
import { guarded, loaded } from './opsPage.js';

const POLLED = new Set(['amazon', 'ebay']);
const enc = encodeURIComponent;

function bufferText(b) {
  const parts = [`safety ${b.safetyStock}`, `${b.percent} %`];
  if (b.maxListed !== null) parts.push(`max ${b.maxListed}`);
  parts.push(b.locationIds.length > 0 ? `from ${b.locationIds.join(', ')}` : 'all locations');
  return parts.join(' · ');
}

function syncCells(channel, sync) {
  if (!POLLED.has(channel.platform)) return [el('td', { colspan: 3, class: 'muted' }, 'sends its orders (webhooks or the API): nothing to poll'), el('td', {})];
  if (!sync.ok) return [el('td', { colspan: 3, class: 'error' }, errorText(sync)), el('td', {})];
  const s = sync.body;
  const state = !s.running ? 'not running' : s.paused ? 'paused' : 'running';
  const badge = el('span', { class: `badge ${state === 'running' ? 'good' : 'bad'}`, 'data-sync-state': state }, state.toUpperCase());
  const action = s.paused ? 'resume' : 'pause';
  const button = el(
    'button',
    { type: 'button', class: 'sync-action', 'data-action': action, disabled: !s.running, onclick: () => act(channel, action, button) },
    action === 'pause' ? 'Pause' : 'Resume',
  );
  return [
    el('td', {}, badge, s.backlog > 0 ? ` backlog ${s.backlog}` : ''),
    el('td', {}, s.cursor ? formatTime(s.cursor) : 'no pass yet', el('br'), el('span', { class: 'muted' }, s.lagMs === null ? 'lag —' : `lag ${formatDuration(s.lagMs / 1000)}`)),
    el('td', {}, s.lastSuccessAt ? formatTime(s.lastSuccessAt) : 'never', s.lastError ? el('div', { class: 'error', 'data-last-error': '' }, s.lastError) : null),
    el('td', {}, button),
  ];
}

async function act(channel, action, button) {
  const verb = action === 'pause' ? 'Pause' : 'Resume';
  const lines =
    action === 'pause' ? ['No orders are pulled from it until it is resumed.', 'Notifications are kept and fetched on resume.'] : ['It polls again from its saved cursor.'];
  if (!(await confirmAction(`${verb} the poller of ${channel.id}?`, lines))) return;
  button.disabled = true;
  const res = await postJson(`/api/v1/channels/${enc(channel.id)}/sync`, { action });
  const result = $('sync-result');
  result.className = res.ok ? 'ok' : 'error';
  result.textContent = res.ok ? `${channel.id}: ${res.body.paused ? 'paused' : 'resumed'}.` : `${channel.id}: not ${action}d: ${errorText(res)}`;
  await load();
}

// ?channel=<code>: that channel only (a link from elsewhere in the console).
const only = new URLSearchParams(location.search).get('channel');

async function load() {
  const res = await getJson(only ? `/api/v1/channels/${enc(only)}` : '/api/v1/channels');
  if (!res.ok) return show('channels-error', `Could not load the channels: ${errorText(res)}`);
  show('channels-error', '');
  const channels = only ? [res.body] : res.body.items;
  $('channels-count').textContent = `(${channels.length})`;
  const rows = await Promise.all(
    channels.map(async (c) => {
      const [policy, sync] = await Promise.all([
        getJson(`/api/v1/channels/${enc(c.id)}/backorder-policy`),
        POLLED.has(c.platform) ? getJson(`/api/v1/channels/${enc(c.id)}/sync`) : null,
      ]);
      const effective = policy.ok ? policy.body.effective : c.backorderPolicy || 'hub default';
      return el(
        'tr',
        { 'data-channel': c.id },
        el('th', { scope: 'row' }, c.id, el('div', { class: 'muted' }, c.name)),
        el('td', {}, c.platform),
        el('td', {}, effective, c.backorderPolicy === null ? el('span', { class: 'muted' }, ' (hub default)') : ''),
        el('td', {}, bufferText(c.buffer)),
        ...syncCells(c, sync),
      );
    }),
  );
  $('channels').tBodies[0].replaceChildren(...rows);
}

async function start() {
  // Nothing to load without a session: nav.js sends the page to sign-in.
  if (!(await signedIn)) return;
  await Promise.all([guarded(load, 'channels-error')]);
  loaded();
}

start();
