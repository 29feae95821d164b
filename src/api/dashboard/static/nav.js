// The console's header navigation, shared by every page: a page includes this module and an
// empty <nav id="site-nav" aria-label="Console"></nav>. It also shows who is signed in (the
// key's name, never typed) and the sign-out button.
import { currentSession, fetchJson, goToSignIn } from './api.js';
import { $, el } from './dom.js';

const PAGES = [
  { href: '/dashboard', label: 'Overview', match: ['/dashboard', '/dashboard/', '/dashboard/index.html'] },
  { href: '/dashboard/orders.html', label: 'Orders', match: ['/dashboard/orders.html', '/dashboard/order.html'] },
  { href: '/dashboard/inventory.html', label: 'Inventory', match: ['/dashboard/inventory.html'] },
  { href: '/dashboard/channels.html', label: 'Channels', match: ['/dashboard/channels.html'] },
  { href: '/dashboard/trends.html', label: 'Trends', match: ['/dashboard/trends.html'] },
];

async function signOut(button) {
  button.disabled = true;
  await fetchJson('/api/v1/session', { method: 'DELETE' });
  location.assign('/dashboard/signin.html');
}

function render(nav, session) {
  const links = PAGES.map((p) => {
    const current = p.match.includes(location.pathname);
    return el('li', {}, el('a', { href: p.href, ...(current && { 'aria-current': 'page' }) }, p.label));
  });
  const out = el('button', { type: 'button', id: 'sign-out' }, 'Sign out');
  out.addEventListener('click', () => signOut(out));
  nav.replaceChildren(
    el('ul', { class: 'nav-links' }, links),
    el('span', { id: 'signed-in', 'aria-live': 'polite' }, session ? `Signed in as ${session.name} (${session.role})` : 'Not signed in'),
    session ? out : null,
  );
}

/** The signed-in operator, once the navigation is drawn; null sends the page to the sign-in page. */
export const signedIn = (async () => {
  const nav = $('site-nav');
  const session = await currentSession();
  if (nav) render(nav, session);
  if (!session) goToSignIn();
  return session;
})();
