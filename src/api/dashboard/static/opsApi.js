// The inventory, channels and trends pages talk to the hub only through this module, with the
// same routes and roles as any REST client. Answers are { ok, status, body }.
import { apiKey, errorText } from './api.js';

export { errorText };

async function send(url, init = {}) {
  const headers = { accept: 'application/json', ...init.headers };
  if (apiKey()) headers.authorization = `Bearer ${apiKey()}`;
  const res = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy page, say): the status alone has to do.
  }
  return { ok: res.ok, status: res.status, body };
}

export const getJson = (url) => send(url);

/** A change: JSON body; an Idempotency-Key makes a retried click apply once. */
export function postJson(url, body, idempotencyKey) {
  const headers = { 'content-type': 'application/json', ...(idempotencyKey && { 'idempotency-key': idempotencyKey }) };
  return send(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** Downloads `url` (a CSV) as `filename`: fetched with the operator's credentials, handed to the browser as a file. */
export async function download(url, filename) {
  const headers = apiKey() ? { authorization: `Bearer ${apiKey()}` } : {};
  const res = await fetch(url, { headers, credentials: 'same-origin' });
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
