// A trend as a uPlot chart (the library is served by the hub: /dashboard/vendor), its numbers as a
// table for screen readers and keyboards, and its CSV. Days are UTC on the axis as in the API.
import { el } from './dom.js';

// Distinct hues, each at least 4.5:1 against white.
export const PALETTE = ['#1f5fa8', '#b3261e', '#1b6e3a', '#8a4b08', '#6b3fa0', '#0b6e75', '#a1306b', '#4d5560', '#6a5d00'];
const DAY = 86400;

/** Every day of [from, to] as epoch seconds (the chart's x values). */
export function daysOf(from, to) {
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`) / 1000; t <= Date.parse(`${to}T00:00:00Z`) / 1000; t += DAY) out.push(t);
  return out;
}

export const dayKey = (t) => new Date(t * 1000).toISOString().slice(0, 10);

/** Draws `lines` ({label, values aligned with days}) into `host`, replacing what was there; returns the chart. */
export function drawChart(host, { days, lines, yLabel, yValue }) {
  host.replaceChildren();
  const uPlot = globalThis.uPlot;
  const width = Math.max(320, host.clientWidth || 560);
  const opts = {
    width,
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true } },
    series: [
      { label: 'Day', value: (_u, v) => (v === null ? '—' : dayKey(v)) },
      ...lines.map((l, i) => ({
        label: l.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        points: { show: true, size: 5 },
        spanGaps: false,
        ...(yValue && { value: (_u, v) => (v === null ? '—' : yValue(v)) }),
      })),
    ],
    axes: [{}, { label: yLabel, size: 60, ...(yValue && { values: (_u, ticks) => ticks.map((v) => yValue(v)) }) }],
  };
  return new uPlot(opts, [days, ...lines.map((l) => l.values)], host);
}

/** The chart's numbers, one row per day (the same figures as the CSV). */
export function numbersTable(columns, rows) {
  return el(
    'details',
    { class: 'numbers' },
    el('summary', {}, `Numbers (${rows.length} rows)`),
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          columns.map((c) => el('th', { scope: 'col' }, c)),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            {},
            columns.map((c) => el('td', {}, r[c] === null || r[c] === undefined ? '—' : String(r[c]))),
          ),
        ),
      ),
    ),
  );
}
