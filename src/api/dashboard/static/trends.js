// The trends page: five charts over a chosen period (GET /api/v1/reports/trends/<series>), each
// with its numbers as a table and as a CSV download (the same route with format=csv).
import { withQuery } from './api.js';
import { daysOf, dayKey, drawChart, numbersTable } from './charts.js';
import { errorText, download, getJson } from './opsApi.js';
import { $, el, show } from './dom.js';
import { signedIn } from './nav.js';
import { guarded, loaded } from './opsPage.js';

const sum = (rows, key) => rows.reduce((n, r) => n + (r[key] || 0), 0);
const pct = (v) => `${Math.round(v * 10) / 10} %`;
const hours = (v) => `${Math.round(v * 10) / 10} h`;

/** Lines keyed by a column (channel, reason): one line per key, zero on days without rows. */
function linesBy(days, items, key, value) {
  const keys = [...new Set(items.map((r) => r[key]))].sort();
  return keys.map((k) => {
    const byDay = new Map(items.filter((r) => r[key] === k).map((r) => [r.day, r[value]]));
    return { label: k, values: days.map((d) => byDay.get(dayKey(d)) ?? 0) };
  });
}

/** One line per column; days without a row have no value (a gap), not zero. */
function linesOf(days, items, columns, scale = (v) => v, zero = false) {
  const byDay = new Map(items.map((r) => [r.day, r]));
  return columns.map(([column, label]) => ({
    label,
    values: days.map((d) => {
      const row = byDay.get(dayKey(d));
      const v = row ? row[column] : null;
      return v === null || v === undefined ? (zero ? 0 : null) : scale(v);
    }),
  }));
}

const SERIES = [
  { name: 'orders', title: 'Orders per day by channel', yLabel: 'orders', lines: (d, i) => linesBy(d, i, 'channel', 'orders'), figure: (i) => `${sum(i, 'orders')} orders` },
  {
    name: 'time-to-ship',
    title: 'Time to ship (median and p95)',
    yLabel: 'hours',
    yValue: hours,
    lines: (d, i) =>
      linesOf(
        d,
        i,
        [
          ['medianSeconds', 'median'],
          ['p95Seconds', 'p95'],
        ],
        (s) => s / 3600,
      ),
    figure: (i) => `${sum(i, 'shipped')} shipped`,
  },
  {
    name: 'on-time',
    title: 'On-time rate',
    yLabel: 'on time',
    yValue: pct,
    lines: (d, i) => linesOf(d, i, [['rate', 'on-time rate']], (r) => r * 100),
    figure: (i) =>
      sum(i, 'withShipBy') === 0 ? 'no ship-by deadlines' : `${pct((sum(i, 'onTime') / sum(i, 'withShipBy')) * 100)} on time (${sum(i, 'onTime')} of ${sum(i, 'withShipBy')})`,
  },
  {
    name: 'holds',
    title: 'Holds opened and closed',
    yLabel: 'holds',
    lines: (d, i) =>
      linesOf(
        d,
        i,
        [
          ['opened', 'opened'],
          ['closed', 'closed'],
        ],
        (v) => v,
        true,
      ),
    figure: (i) => `${sum(i, 'opened')} opened · ${sum(i, 'closed')} closed`,
  },
  {
    name: 'cancellations',
    title: 'Cancellations by reason',
    yLabel: 'cancellations',
    lines: (d, i) => linesBy(d, i, 'reason', 'cancellations'),
    figure: (i) => `${sum(i, 'cancellations')} cancelled`,
  },
];

function period() {
  return { from: $('from').value, to: $('to').value, channel: $('channel').value.trim() || undefined };
}

async function drawSeries(s, p) {
  const url = withQuery(`/api/v1/reports/trends/${s.name}`, p);
  const csvUrl = withQuery(`/api/v1/reports/trends/${s.name}`, { ...p, format: 'csv' });
  const filename = `orderhub-${s.name}-${p.from}-to-${p.to}.csv`;
  const onclick = (e) => {
    e.preventDefault();
    download(csvUrl, filename).catch((err) => show('period-error', `Could not download ${filename}: ${err.message}`));
  };
  const head = el('div', { class: 'chart-head' }, el('h2', { id: `t-${s.name}` }, s.title), el('a', { href: csvUrl, download: filename, class: 'csv', onclick }, 'Download CSV'));
  const card = el('section', { class: 'trend', 'data-series': s.name, 'aria-labelledby': `t-${s.name}` }, head);
  const res = await getJson(url);
  if (!res.ok) {
    card.append(el('p', { class: 'error', role: 'alert' }, `Could not load: ${errorText(res)}`));
    return { card };
  }
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': `${s.title}: a chart; its numbers are in the table below it` });
  card.append(el('p', { class: 'figure-line', 'data-figure': s.name }, s.figure(res.body.items)), chart, numbersTable(res.body.columns, res.body.items));
  return { card, chart, s, items: res.body.items };
}

async function load() {
  const p = period();
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(p)) {
    if (v) url.searchParams.set(k, v);
    else url.searchParams.delete(k);
  }
  history.replaceState(null, '', url);
  show('period-error', '');
  const drawn = await Promise.all(SERIES.map((s) => drawSeries(s, p)));
  $('charts').replaceChildren(...drawn.map((d) => d.card));
  // Drawn once in the page, so each chart knows its width.
  const days = daysOf(p.from, p.to);
  for (const d of drawn.filter((x) => x.items)) drawChart(d.chart, { days, lines: d.s.lines(days, d.items), yLabel: d.s.yLabel, yValue: d.s.yValue });
}

async function start() {
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  $('to').value = params.get('to') || today;
  $('from').value = params.get('from') || new Date(Date.parse(`${$('to').value}T00:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10);
  $('channel').value = params.get('channel') || '';
  $('period').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(load, 'period-error');
  });
  // Nothing to load without a session: nav.js sends the page to sign-in.
  if (!(await signedIn)) return;
  await Promise.all([guarded(load, 'period-error')]);
  loaded();
}

start();
