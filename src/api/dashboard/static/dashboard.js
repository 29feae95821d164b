// orderhub operations dashboard (plain browser JavaScript modules, no build step). Every value from
// the API reaches the page as a text node or an attribute value, never as HTML.
// This file starts the page and runs the refresh loop; the parts are in the modules it imports.
import { fetchJson } from './api.js';
import { $, show } from './dom.js';
import { loadHolds } from './holds.js';
import { loadQueue } from './queue.js';
import { loadReport } from './report.js';
import { loadReturns } from './returns.js';
import { signedIn } from './nav.js';
import { channelFilter, state } from './state.js';

const REFRESH_MS = 10000;

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
    await Promise.all([guarded(loadQueue, 'queue-error'), guarded(() => loadHolds(refresh), 'holds-error'), guarded(loadReturns, 'returns-error'), guarded(loadReport, 'report')]);
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

async function start() {
  // Nothing to load without a session: nav.js then sends the page to the sign-in page.
  if (!(await signedIn)) return;
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
