// A confirmation before any change: a modal <dialog> (keyboard: Tab between the buttons, Escape
// cancels), so nothing is changed by a stray click. Resolves true only on "Confirm".
import { el } from './dom.js';

export function confirmAction(title, lines) {
  return new Promise((resolve) => {
    const ok = el('button', { type: 'button', class: 'primary', 'data-confirm': 'yes' }, 'Confirm');
    const cancel = el('button', { type: 'button', 'data-confirm': 'no' }, 'Cancel');
    const dialog = el(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      el('h2', { id: 'confirm-title' }, title),
      el(
        'ul',
        {},
        lines.map((l) => el('li', {}, l)),
      ),
      el('div', { class: 'actions' }, ok, cancel),
    );
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
