// What the inventory, channels and trends pages share: a guarded loader that shows a failure in
// the section's alert instead of leaving it blank, and the loaded mark the browser tests wait for.
// Who is signed in, and sign-out, are nav.js's.
import { show } from './dom.js';

/** Runs `load`; a thrown error (the hub unreachable) is shown in `errorId`. */
export async function guarded(load, errorId) {
  try {
    await load();
  } catch (err) {
    show(errorId, `Could not reach the hub: ${err.message}`);
  }
}

/** Marks the page loaded after its first render. */
export function loaded() {
  document.body.dataset.loaded = 'true';
}
