// orderhub operations dashboard. Plain browser JavaScript, no build step. Every value from the
// API reaches the page as a text node or an attribute value, never as HTML.
'use strict';

(function () {
  const REFRESH_MS = 10000;
  const HOLDS_LIMIT = 200;
  const QUEUE_LIMIT = 200;

  const $ = (id) => document.getElementById(id);
  const state = { config: null, loading: false, again: false, notes: new Map() };

  /** Builds an element; string children become text nodes, so data is never parsed as HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function show(id, message) {
    const node = $(id);
    node.textContent = message || '';
    node.hidden = !message;
  }

  // The operator's API key (ops or admin): asked for on the page, kept for this tab only.
  const KEY_STORAGE = 'orderhub.apiKey';

  function apiKey() {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  }

  async function fetchJson(url, init) {
    const headers = { accept: 'application/json', ...(init && init.headers) };
    if (apiKey()) headers.authorization = `Bearer ${apiKey()}`;
    const res = await fetch(url, { ...init, headers });
    if (res.status === 401) $('api-key').setAttribute('aria-invalid', 'true');
    let body = null;
    try {
      body = await res.json();
    } catch {
      // Not JSON (a proxy page, say): the status alone has to do.
    }
    return { ok: res.ok, status: res.status, body };
  }

  // The hub answers errors as { error: "<code>", message, fields? }; older shapes nest it.
  function errorText(res) {
    const b = res.body || {};
    const nested = b.error && typeof b.error === 'object' ? b.error : {};
    const message = b.message || nested.message || (typeof b.error === 'string' ? b.error : '') || `HTTP ${res.status}`;
    const fields = b.fields || nested.fields;
    const detail = Array.isArray(fields) && fields.length ? ` (${fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : '';
    return message + detail;
  }

  function channelFilter() {
    return $('channel').value.trim();
  }

  // Who is signed in: the hub records every action under the key's name, never a typed one.
  async function loadSignedIn() {
    if (!apiKey()) {
      $('signed-in').textContent = 'Not signed in: enter an API key';
      return;
    }
    const res = await fetchJson('/api/v1/me');
    $('signed-in').textContent = res.ok && res.body ? `Signed in as ${res.body.name} (${res.body.role})` : `Not signed in: ${errorText(res)}`;
  }

  function withQuery(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
    const text = q.toString();
    return text ? `${path}?${text}` : path;
  }

  function temporalLink(workflowId) {
    const cfg = state.config;
    if (!cfg || !/^https?:\/\//i.test(cfg.temporalUiUrl)) return el('span', { class: 'muted' }, workflowId);
    const href = `${cfg.temporalUiUrl}/namespaces/${encodeURIComponent(cfg.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
    return el('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'temporal-link', title: 'Open in the Temporal UI' }, workflowId);
  }

  function formatDuration(totalSeconds) {
    if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(Number(totalSeconds))) return '—';
    let s = Math.max(0, Math.round(Number(totalSeconds)));
    const d = Math.floor(s / 86400);
    s -= d * 86400;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    if (d > 0) return `${d}d ${h}h`;
    if (h > 0) return `${h}h ${m}m`;
    if (m > 0) return `${m}m ${s}s`;
    return `${s}s`;
  }

  function formatTime(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function ago(iso) {
    const ms = Date.now() - new Date(iso).getTime();
    return Number.isFinite(ms) ? `${formatDuration(ms / 1000)} ago` : '—';
  }

  // ---- fulfillment queue ----------------------------------------------------------------------

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

  async function loadQueue() {
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

  // ---- holds ----------------------------------------------------------------------------------

  async function release(hold, button) {
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
    await refresh();
  }

  function holdRow(hold) {
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
    button.addEventListener('click', () => release(hold, button));
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

  async function loadHolds() {
    const res = await fetchJson(withQuery('/api/v1/holds', { state: 'open', limit: HOLDS_LIMIT, channel: channelFilter() }));
    if (!res.ok) return show('holds-error', `Could not load the holds: ${errorText(res)}`);
    show('holds-error', '');
    const items = res.body.items || [];
    // A refresh must not take the note field away from an operator who is typing in it.
    const focused = document.activeElement && document.activeElement.classList.contains('release-note') ? document.activeElement.dataset.holdId : null;
    $('holds').tBodies[0].replaceChildren(...items.map(holdRow));
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

  // ---- summary report -------------------------------------------------------------------------

  function figure(label, value, testId) {
    return el('div', { class: 'figure', 'data-figure': testId }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
  }

  function percent(rate) {
    return typeof rate === 'number' && Number.isFinite(rate) ? `${(rate * 100).toFixed(1)} %` : '—';
  }

  function statusTable(rows) {
    const channels = [...new Set(rows.map((r) => r.channel))].sort();
    const statuses = [...new Set(rows.map((r) => r.status))].sort();
    const count = new Map(rows.map((r) => [`${r.channel}\u0000${r.status}`, r.count]));
    return el(
      'table',
      { id: 'report-status-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'Channel'),
          statuses.map((s) => el('th', { class: 'num' }, s)),
        ),
      ),
      el(
        'tbody',
        {},
        channels.map((c) =>
          el(
            'tr',
            {},
            el('th', {}, c),
            statuses.map((s) => el('td', { class: 'num' }, count.get(`${c}\u0000${s}`) || 0)),
          ),
        ),
      ),
    );
  }

  function renderReport(report) {
    const tts = report.timeToShip || {};
    const onTime = report.onTimeShip || {};
    const byStatus = Array.isArray(report.ordersByChannelAndStatus) ? report.ordersByChannelAndStatus : [];
    const cancels = Array.isArray(report.cancellationsByReason) ? report.cancellationsByReason : [];
    const orders = byStatus.reduce((n, r) => n + (Number(r.count) || 0), 0);
    return [
      el('p', { class: 'muted' }, `From ${formatTime(report.from)} to ${formatTime(report.to)}`),
      el(
        'div',
        { class: 'figures' },
        figure('orders', orders, 'orders'),
        figure(`median time to ship (${tts.count ?? 0} shipped)`, formatDuration(tts.medianSeconds), 'median'),
        figure('95th percentile time to ship', formatDuration(tts.p95Seconds), 'p95'),
        figure(`on time (${onTime.onTime ?? 0} of ${onTime.withShipBy ?? 0} with a ship-by)`, percent(onTime.rate), 'on-time'),
      ),
      el('h3', {}, 'Orders by channel and status'),
      byStatus.length ? statusTable(byStatus) : el('p', { class: 'muted' }, 'No orders in this period.'),
      el('h3', {}, 'Cancellations by reason'),
      cancels.length
        ? el(
            'ul',
            { class: 'chips', id: 'report-cancellations' },
            cancels.map((c) => el('li', {}, `${c.reason}: `, el('strong', {}, c.count))),
          )
        : el('p', { class: 'muted' }, 'No cancellations in this period.'),
    ];
  }

  async function loadReport() {
    const target = $('report');
    const res = await fetchJson('/api/v1/reports/summary');
    if (res.status === 404) {
      target.replaceChildren(
        el('p', { class: 'muted', 'data-report': 'unavailable' }, 'The summary report is not available on this hub (GET /api/v1/reports/summary answered 404).'),
      );
    } else if (!res.ok) {
      target.replaceChildren(el('p', { class: 'error', 'data-report': 'error' }, `Could not load the summary report: ${errorText(res)}`));
    } else {
      target.replaceChildren(el('div', { 'data-report': 'loaded' }, renderReport(res.body || {})));
    }
  }

  // ---- refresh loop ---------------------------------------------------------------------------

  async function guarded(load, errorId) {
    try {
      await load();
    } catch (err) {
      show(errorId, `Could not reach the hub: ${err.message}`);
    }
  }

  async function refresh() {
    // A refresh asked for during another (after a release, say) runs right after it.
    if (state.loading) {
      state.again = true;
      return;
    }
    state.loading = true;
    try {
      if (!state.config) {
        const res = await fetchJson('/api/v1/dashboard/config');
        if (res.ok) state.config = res.body;
      }
      await Promise.all([guarded(loadSignedIn, 'holds-error'), guarded(loadQueue, 'queue-error'), guarded(loadHolds, 'holds-error'), guarded(loadReport, 'report')]);
      $('updated').textContent = `Updated ${new Date().toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s`;
    } catch (err) {
      $('updated').textContent = `Refresh failed: ${err.message}`;
    } finally {
      state.loading = false;
      document.body.dataset.loaded = 'true';
    }
    if (state.again) {
      state.again = false;
      await refresh();
    }
  }

  /** The key field, added to the controls so the page needs no other markup. */
  function addKeyField() {
    const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', size: 14, placeholder: 'API key' });
    input.value = apiKey();
    input.addEventListener('change', () => {
      sessionStorage.setItem(KEY_STORAGE, input.value.trim());
      input.removeAttribute('aria-invalid');
      refresh();
    });
    $('controls').prepend(el('label', {}, 'API key ', input));
  }

  function start() {
    addKeyField();
    const params = new URLSearchParams(location.search);
    $('channel').value = params.get('channel') || '';
    $('controls').addEventListener('submit', (e) => {
      e.preventDefault();
      const url = new URL(location.href);
      if (channelFilter()) url.searchParams.set('channel', channelFilter());
      else url.searchParams.delete('channel');
      history.replaceState(null, '', url);
      refresh();
    });
    $('channel').addEventListener('change', () => $('controls').requestSubmit());
    refresh();
    setInterval(refresh, REFRESH_MS);
  }

  start();
})();
