import { errorText, fetchJson } from './api.js';
import { $, el } from './dom.js';
import { formatDuration, formatTime, percent } from './format.js';

// The summary report: orders by channel and status, time to ship, cancellations, sales per channel.
function figure(label, value, testId) {
  return el('div', { class: 'figure', 'data-figure': testId }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
}

function statusTable(rows) {
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  const statuses = [...new Set(rows.map((r) => r.status))].sort();
  const count = new Map(rows.map((r) => [`${r.channel}\u0000${r.status}`, r.count]));
  return el(
    'table',
    { id: 'report-status-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Channel'),
        statuses.map((s) => el('th', { class: 'num' }, s)),
      ),
    ),
    el(
      'tbody',
      {},
      channels.map((c) =>
        el(
          'tr',
          {},
          el('th', {}, c),
          statuses.map((s) => el('td', { class: 'num' }, count.get(`${c}\u0000${s}`) || 0)),
        ),
      ),
    ),
  );
}

// Net sales, discounts, tax and refunds per channel and currency: the API's decimal strings as sent
// (money is never summed across currencies, nor in floating point, here).
function salesTable(rows) {
  const columns = [
    ['orders', 'Orders'],
    ['netSales', 'Net sales'],
    ['discounts', 'Discounts'],
    ['tax', 'Tax'],
    ['refunds', 'Refunds'],
  ];
  return el(
    'table',
    { id: 'report-sales-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Channel'),
        el('th', {}, 'Currency'),
        columns.map(([, label]) => el('th', { class: 'num' }, label)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((r) =>
        el(
          'tr',
          {},
          el('th', {}, r.channel),
          el('td', {}, r.currency),
          columns.map(([key]) => el('td', { class: 'num' }, String(r[key] ?? ''))),
        ),
      ),
    ),
  );
}

function renderReport(report) {
  const tts = report.timeToShip || {};
  const onTime = report.onTimeShip || {};
  const byStatus = Array.isArray(report.ordersByChannelAndStatus) ? report.ordersByChannelAndStatus : [];
  const cancels = Array.isArray(report.cancellationsByReason) ? report.cancellationsByReason : [];
  const sales = Array.isArray(report.salesByChannel) ? report.salesByChannel : [];
  const orders = byStatus.reduce((n, r) => n + (Number(r.count) || 0), 0);
  return [
    el('p', { class: 'muted' }, `From ${formatTime(report.from)} to ${formatTime(report.to)}`),
    el(
      'div',
      { class: 'figures' },
      figure('orders', orders, 'orders'),
      figure(`median time to ship (${tts.count ?? 0} shipped)`, formatDuration(tts.medianSeconds), 'median'),
      figure('95th percentile time to ship', formatDuration(tts.p95Seconds), 'p95'),
      figure(`on time (${onTime.onTime ?? 0} of ${onTime.withShipBy ?? 0} with a ship-by)`, percent(onTime.rate), 'on-time'),
    ),
    el('h3', {}, 'Orders by channel and status'),
    byStatus.length ? statusTable(byStatus) : el('p', { class: 'muted' }, 'No orders in this period.'),
    el('h3', {}, 'Sales by channel'),
    sales.length ? salesTable(sales) : el('p', { class: 'muted' }, 'No sales in this period.'),
    el('h3', {}, 'Cancellations by reason'),
    cancels.length
      ? el(
          'ul',
          { class: 'chips', id: 'report-cancellations' },
          cancels.map((c) => el('li', {}, `${c.reason}: `, el('strong', {}, c.count))),
        )
      : el('p', { class: 'muted' }, 'No cancellations in this period.'),
  ];
}

export async function loadReport() {
  const target = $('report');
  const res = await fetchJson('/api/v1/reports/summary');
  if (res.status === 404) {
    target.replaceChildren(
      el('p', { class: 'muted', 'data-report': 'unavailable' }, 'The summary report is not available on this hub (GET /api/v1/reports/summary answered 404).'),
    );
  } else if (!res.ok) {
    target.replaceChildren(el('p', { class: 'error', 'data-report': 'error' }, `Could not load the summary report: ${errorText(res)}`));
  } else {
    target.replaceChildren(el('div', { 'data-report': 'loaded' }, renderReport(res.body || {})));
  }
}
