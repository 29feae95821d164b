// orderhub operations dashboard (plain browser JavaScript modules, no build step). Every value from
// the API reaches the page as a text node or an attribute value, never as HTML.
// This file starts the page and runs the refresh loop; the parts are in the modules it imports.
import { apiKey, errorText, fetchJson, setApiKey } from './api.js';
import { $, el, show } from './dom.js';
import { loadHolds } from './holds.js';
import { loadQueue } from './queue.js';
import { loadReport } from './report.js';
import { loadReturns } from './returns.js';
import { channelFilter, state } from './state.js';

const REFRESH_MS = 10000;

// Who is signed in: the hub records every action under the key's name, never a typed one.
async function loadSignedIn() {
  if (!apiKey()) {
    $('signed-in').textContent = 'Not signed in: enter an API key';
    return;
  }
  const res = await fetchJson('/api/v1/me');
  $('signed-in').textContent = res.ok && res.body ? `Signed in as ${res.body.name} (${res.body.role})` : `Not signed in: ${errorText(res)}`;
}

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
    await Promise.all([
      guarded(loadSignedIn, 'holds-error'),
      guarded(loadQueue, 'queue-error'),
      guarded(() => loadHolds(refresh), 'holds-error'),
      guarded(loadReturns, 'returns-error'),
      guarded(loadReport, 'report'),
    ]);
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
    setApiKey(input.value.trim());
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
