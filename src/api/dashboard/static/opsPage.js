// What the inventory, channels and trends pages share: who is signed in, and a guarded loader
// that shows a failure in the section's alert instead of leaving it blank.
import { errorText, getJson } from './opsApi.js';
import { $, show } from './dom.js';

export async function showSignedIn() {
  const res = await getJson('/api/v1/me');
  $('signed-in').textContent = res.ok && res.body ? `Signed in as ${res.body.name} (${res.body.role})` : `Not signed in: ${errorText(res)}`;
  return res.ok ? res.body : null;
}

/** Runs `load`; a thrown error (the hub unreachable) is shown in `errorId`. */
export async function guarded(load, errorId) {
  try {
    await load();
  } catch (err) {
    show(errorId, `Could not reach the hub: ${err.message}`);
  }
}

/** Marks the page loaded (the browser tests wait for it) after its first render. */
export function loaded() {
  document.body.dataset.loaded = 'true';
}
