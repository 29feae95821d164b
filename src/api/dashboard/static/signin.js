// Sign-in: with a key typed once (sent as the Authorization header of one request, never stored),
// or with the one-time link `npm start` prints (/dashboard/signin.html#link=<token>: the token is in
// the fragment, so it never reaches a server log or a Referer).
import { errorText, fetchJson } from './api.js';
import { $, show } from './dom.js';

function next() {
  const target = new URLSearchParams(location.search).get('next') || '';
  // Only a path of this console: never another site (an open redirect).
  return /^\/dashboard(\/|$|\?)/.test(target) && !target.startsWith('//') ? target : '/dashboard';
}

async function withKey(event) {
  event.preventDefault();
  const key = $('api-key').value.trim();
  $('signin').disabled = true;
  const res = await fetchJson('/api/v1/session', { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  $('api-key').value = '';
  $('signin').disabled = false;
  if (!res.ok) {
    $('api-key').setAttribute('aria-invalid', 'true');
    show('signin-error', `Could not sign in: ${errorText(res)}`);
    $('api-key').focus();
    return;
  }
  location.assign(next());
}

async function withLink(token) {
  // The token leaves the address bar at once, so it is not left in the history.
  history.replaceState(null, '', location.pathname + location.search);
  show('link-status', 'Signing in with the one-time link…');
  const res = await fetchJson('/api/v1/session/link', { method: 'POST', body: JSON.stringify({ token }) });
  if (!res.ok) {
    show('link-status', '');
    show('signin-error', `The sign-in link did not work: ${errorText(res)}. Sign in with a key instead.`);
    return;
  }
  location.assign(next());
}

$('signin-form').addEventListener('submit', withKey);
const link = new URLSearchParams(location.hash.slice(1)).get('link');
if (link) withLink(link);
else $('api-key').focus();
document.body.dataset.loaded = 'true';
