// The inventory, channels and trends pages call the hub through api.js (session cookie, CSRF
// token, 401 to sign-in), with the same routes and roles as any REST client. This adds a JSON
// POST with an Idempotency-Key and a CSV download.
import { errorText, fetchJson } from './api.js';

export { errorText, fetchJson as getJson };

/** A change: JSON body; an Idempotency-Key makes a retried click apply once. */
export function postJson(url, body, idempotencyKey) {
  return fetchJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey && { 'idempotency-key': idempotencyKey }) },
    body: JSON.stringify(body),
  });
}

/** Downloads `url` (a CSV) as `filename`: fetched with the session cookie, handed to the browser as a file. */
export async function download(url, filename) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
