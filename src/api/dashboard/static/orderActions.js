// An order's actions: each asks for confirmation in a dialog (with the fields it needs), calls
// the same REST route an API client would (the session's role decides, as for a key), and shows
// the result. `done(order)` redraws the page with the order the route answered.
import { errorText, fetchJson } from './api.js';
import { $, el, show } from './dom.js';

const HOLD_REASONS = ['manual', 'fraud_review', 'address', 'payment', 'inventory'];
let pending = null;

function field(label, name, attrs = {}) {
  const id = `field-${name}`;
  const input = attrs.options
    ? el(
        'select',
        { id, name, required: attrs.required },
        attrs.options.map((o) => el('option', { value: o }, o || '(every waiting step)')),
      )
    : el('input', { id, name, type: attrs.type || 'text', required: attrs.required, min: attrs.min, max: attrs.max, autocomplete: 'off' });
  if (attrs.value !== undefined && attrs.type !== 'checkbox') input.value = attrs.value;
  if (attrs.type === 'checkbox') input.checked = Boolean(attrs.value);
  return el('div', { class: attrs.type === 'checkbox' ? 'check' : '' }, el('label', { for: id }, label), input);
}

/** Opens the confirmation; on Confirm, `run(values)` answers the fetchJson result. */
function confirmAction({ title, text, fields = [], confirm, run, success }) {
  $('dialog-title').textContent = title;
  $('dialog-text').textContent = text;
  $('dialog-fields').replaceChildren(...fields);
  $('dialog-confirm').textContent = confirm;
  $('dialog-confirm').disabled = false;
  pending = { run, success, title };
  $('action-dialog').showModal();
  const first = $('dialog-fields').querySelector('input, select');
  (first || $('dialog-confirm')).focus();
}

async function submit(event, done) {
  event.preventDefault();
  if (!pending) return;
  const form = $('dialog-form');
  const values = Object.fromEntries([...form.querySelectorAll('input, select')].map((i) => [i.name, i.type === 'checkbox' ? i.checked : i.value.trim()]));
  const { run, success, title } = pending;
  $('dialog-confirm').disabled = true;
  show('action-result', `${title}: working…`);
  show('action-error', '');
  let res;
  try {
    res = await run(values);
  } catch (err) {
    res = { ok: false, status: 0, body: { message: err.message } };
  }
  pending = null;
  $('action-dialog').close();
  if (!res.ok) {
    show('action-result', '');
    show('action-error', `${title} failed: ${errorText(res)}`);
    return;
  }
  show('action-result', `${title}: done. ${success(res.body)}`);
  await done(res.body);
}

export function setUpDialog(done) {
  $('dialog-form').addEventListener('submit', (e) => submit(e, done));
  $('dialog-cancel').addEventListener('click', () => {
    pending = null;
    $('action-dialog').close();
  });
}

const post = (url, body, method = 'POST') => fetchJson(url, { method, body: JSON.stringify(body) });
const statusText = (o) => `The order is ${o.status} (payment ${o.paymentStatus}).`;

/** The buttons for what can be done to `o` now; the routes refuse what the order's state does not allow. */
export function actionButtons(o, steps) {
  const base = `/api/v1/orders/${encodeURIComponent(o.orderId)}`;
  const button = (id, label, open) => el('button', { type: 'button', id, onclick: open }, label);
  const closed = o.status === 'cancelled' || o.status === 'delivered';
  const a = o.shippingAddress || {};
  return [
    closed
      ? null
      : button('action-cancel', 'Cancel order', () =>
          confirmAction({
            title: 'Cancel the whole order',
            text: `Cancel ${o.channel} ${o.externalId}? Stock is released and the paid money refunded; this cannot be undone.`,
            fields: [field('Reason (shown to the channel and on the timeline)', 'reason', { required: true })],
            confirm: 'Cancel the order',
            run: (v) => post(`${base}/cancel`, { reason: v.reason }),
            success: statusText,
          }),
        ),
    closed
      ? null
      : button('action-address', 'Correct the address', () =>
          confirmAction({
            title: 'Correct the shipping address',
            text: 'The corrected address replaces the one the channel sent (an address hold is released when it is complete).',
            fields: [
              field('Name', 'name', { required: true, value: a.name }),
              field('Address line 1', 'line1', { required: true, value: a.line1 }),
              field('Address line 2', 'line2', { value: a.line2 }),
              field('City', 'city', { required: true, value: a.city }),
              field('Region', 'region', { value: a.region }),
              field('Postal code', 'postalCode', { value: a.postalCode }),
              field('Country (2 letters)', 'country', { required: true, value: a.country }),
            ],
            confirm: 'Save the address',
            run: (v) => post(`${base}/shipping-address`, { address: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '')) }, 'PUT'),
            success: (r) => `Ships to ${r.shippingAddress.line1}, ${r.shippingAddress.city}.`,
          }),
        ),
    closed
      ? null
      : button('action-hold', 'Place a hold', () =>
          confirmAction({
            title: 'Place a hold',
            text: 'The order will not ship while the hold is open.',
            fields: [field('Reason', 'reason', { options: HOLD_REASONS, required: true }), field('Note', 'note')],
            confirm: 'Place the hold',
            run: (v) => post(`${base}/holds`, { reason: v.reason, ...(v.note && { note: v.note }) }),
            success: statusText,
          }),
        ),
    closed
      ? null
      : button('action-rules', 'Re-run the rules', () =>
          confirmAction({
            title: 'Re-run the rules',
            text: `The order was decided by rule set version ${o.ruleSetVersion ?? '—'}.`,
            fields: [field('Use the latest rule set instead', 'useLatestRules', { type: 'checkbox', value: false })],
            confirm: 'Re-run the rules',
            run: (v) => post(`${base}/rules/evaluate`, { useLatestRules: v.useLatestRules }),
            success: (r) => `${statusText(r)} Rule set version ${r.ruleSetVersion ?? '—'}.`,
          }),
        ),
    steps.length === 0
      ? null
      : button('action-retry', 'Retry a failed partner step', () =>
          confirmAction({
            title: 'Retry a failed partner step',
            text: 'The step is tried again with the same idempotency key, so the partner never does it twice.',
            fields: [field('Step', 'step', { options: steps.length > 1 ? ['', ...steps] : steps })],
            confirm: 'Retry',
            run: (v) => post(`${base}/integration/retry`, v.step ? { step: v.step } : {}),
            success: statusText,
          }),
        ),
    steps.length === 0
      ? null
      : button('action-skip', 'Skip a failed partner step', () =>
          confirmAction({
            title: 'Skip a failed partner step',
            text: 'The order goes on without it: do by hand what the partner should have done.',
            fields: [field('Step', 'step', { options: steps, required: true }), field('Reason', 'reason', { required: true })],
            confirm: 'Skip the step',
            run: (v) => post(`${base}/integration/skip`, { step: v.step, reason: v.reason }),
            success: statusText,
          }),
        ),
  ];
}

export function releaseHold(o) {
  return (hold) =>
    confirmAction({
      title: `Release the ${hold.reason} hold`,
      text: `Release the ${hold.reason} hold on ${o.externalId}${hold.note ? ` (${hold.note})` : ''}?`,
      fields: [field('Note', 'note')],
      confirm: 'Release',
      run: (v) => post(`/api/v1/orders/${encodeURIComponent(o.orderId)}/holds/${encodeURIComponent(hold.reason)}/release`, v.note ? { note: v.note } : {}),
      success: statusText,
    });
}

export function cancelUnits(o) {
  return (line, left) =>
    confirmAction({
      title: `Cancel units of line ${line.lineNo}`,
      text: `${line.sku}: ${left} of ${line.quantity} can still be cancelled; their share of the money is refunded.`,
      fields: [field('Units', 'quantity', { type: 'number', min: 1, max: left, value: 1, required: true }), field('Reason', 'reason', { required: true })],
      confirm: 'Cancel the units',
      run: (v) => post(`/api/v1/orders/${encodeURIComponent(o.orderId)}/cancel`, { lines: [{ lineId: line.lineNo, quantity: Number(v.quantity), reason: v.reason }] }),
      success: statusText,
    });
}
