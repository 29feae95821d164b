// Runs autocannon in its own process (so the load generator does not share the hub's event loop
// and CPU accounting) and sends the summary back over IPC. Input: one JSON argument.
//   { url, headers, body, rate, seconds, connections, bodies?, prefix? }
// Each request gets a fresh externalId ("<prefix><uuid>", prefix "BENCH-API-" by default) in place
// of "__EXTERNAL_ID__". With `bodies`, requests take them in turn (varied customers, services).
const { randomUUID } = require('node:crypto');
const autocannon = require('autocannon');

const o = JSON.parse(process.argv[2]);
const bodies = o.bodies ?? [o.body];
let sent = 0;
const nextBody = () => bodies[sent++ % bodies.length];
const instance = autocannon(
  {
    url: o.url,
    method: 'POST',
    headers: o.headers,
    connections: o.connections,
    overallRate: o.rate,
    duration: o.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, body: nextBody().replaceAll('__EXTERNAL_ID__', `${o.prefix ?? 'BENCH-API-'}${randomUUID()}`) }),
      },
    ],
  },
  (err, result) => {
    if (err) {
      process.send({ error: String(err) }, () => process.exit(1));
      return;
    }
    const { latency, requests, errors, timeouts, non2xx, statusCodeStats, duration } = result;
    process.send({ latency, requests, errors, timeouts, non2xx, statusCodeStats, duration, total: result.requests.total }, () => process.exit(0));
  },
);
process.on('SIGTERM', () => instance.stop());
