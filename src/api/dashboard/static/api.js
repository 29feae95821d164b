// The console's one way to call the hub. The browser sends the httpOnly session cookie itself
// (the page never sees a key); state-changing calls add the session's CSRF token, which the hub
// requires of every cookie-authenticated POST, PUT, PATCH and DELETE (docs/dashboard.md).

const SIGN_IN_PAGE = '/dashboard/signin.html';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let session = null;

/** The signed-in operator ({ name, role, expiresAt, csrfToken }), or null: read once per page. */
export function currentSession() {
  if (!session) session = fetch('/api/v1/session', { headers: { accept: 'application/json' } }).then((res) => (res.ok ? res.json() : null));
  return session;
}

/** Back to the sign-in page, coming back here afterwards. */
export function goToSignIn() {
  if (location.pathname === SIGN_IN_PAGE) return;
  location.assign(`${SIGN_IN_PAGE}?next=${encodeURIComponent(location.pathname + location.search)}`);
}

/** fetch() for JSON: answers { ok, status, body }; a 401 (no session, or it expired) goes to the sign-in page. */
export async function fetchJson(url, init) {
  const method = ((init && init.method) || 'GET').toUpperCase();
  const headers = { accept: 'application/json', ...(init && init.headers) };
  if (init && init.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const s = await currentSession();
    if (s && s.csrfToken) headers['x-csrf-token'] = s.csrfToken;
  }
  const res = await fetch(url, { ...init, method, headers, credentials: 'same-origin' });
  if (res.status === 401) goToSignIn();
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
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}
