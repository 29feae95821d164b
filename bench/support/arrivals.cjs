// Open-loop load with Poisson arrivals, in its own process like loadgen.cjs, and the same summary
// sent back over IPC. Input: one JSON argument { url, headers, bodies, prefix, rate, seconds, seed? }.
//
// Why not autocannon here: its `overallRate` gives each connection a budget per second, so every
// second's requests leave in one burst at the top of the second and the figures measure how long
// that burst queues. Buyers in a flash sale arrive independently: the gaps between requests are
// exponential (mean 1/rate, from a seeded generator so runs compare), each request leaves at its
// arrival whatever is still in flight, and its latency counts from the arrival, so a slow answer
// never delays the next request (no coordinated omission).
const http = require('node:http');
const { randomUUID } = require('node:crypto');

const o = JSON.parse(process.argv[2]);
const TIMEOUT_MS = 30_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const target = new URL(o.url);

/** mulberry32: a small seeded generator, enough for arrival gaps. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(o.seed ?? 20261130);
const arrivals = [];
for (let at = 0; ;) {
  at += (-Math.log(1 - random()) / o.rate) * 1000;
  if (at >= o.seconds * 1000) break;
  arrivals.push(at);
}

const latencies = [];
const statusCodeStats = {};
let errors = 0;
let timeouts = 0;
let non2xx = 0;
let done = 0;
let sent = 0;

function send(arrivedAt) {
  const body = o.bodies[sent++ % o.bodies.length].replaceAll('__EXTERNAL_ID__', `${o.prefix}${randomUUID()}`);
  const req = http.request(
    {
      agent,
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { ...o.headers, 'content-length': Buffer.byteLength(body) },
      timeout: TIMEOUT_MS,
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - arrivedAt);
        statusCodeStats[res.statusCode] = { count: (statusCodeStats[res.statusCode]?.count ?? 0) + 1 };
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        finish();
      });
    },
  );
  req.on('timeout', () => {
    timeouts++;
    req.destroy(new Error('timeout'));
  });
  req.on('error', (err) => {
    if (err.message !== 'timeout') errors++;
    finish();
  });
  req.end(body);
}

const started = performance.now();
let next = 0;
function tick() {
  const now = performance.now() - started;
  while (next < arrivals.length && arrivals[next] <= now) send(started + arrivals[next++]);
  if (next < arrivals.length) setTimeout(tick, Math.max(0, arrivals[next] - (performance.now() - started)));
}
tick();

function finish() {
  if (++done < arrivals.length) return;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10);
  const duration = o.seconds;
  process.send(
    {
      latency: { p50: at(50), p99: at(99), average: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length), max: at(100) },
      requests: { average: arrivals.length / duration },
      errors,
      timeouts,
      non2xx,
      statusCodeStats,
      duration,
      total: sorted.length,
    },
    () => process.exit(0),
  );
}
