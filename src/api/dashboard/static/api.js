import { $ } from './dom.js';

// The operator's API key (ops or admin): asked for on the page, kept for this tab only.
export const KEY_STORAGE = 'orderhub.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

export async function fetchJson(url, init) {
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
export function errorText(res) {
  const b = res.body || {};
  const nested = b.error && typeof b.error === 'object' ? b.error : {};
  const message = b.message || nested.message || (typeof b.error === 'string' ? b.error : '') || `HTTP ${res.status}`;
  const fields = b.fields || nested.fields;
  const detail = Array.isArray(fields) && fields.length ? ` (${fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : '';
  return message + detail;
}

export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}

export function setApiKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}
