// `node --import tsx bench/support/profileSummary.ts <dir-or-.cpuprofile...> [--window <file.json>]` (ORDERS=n adds a per-order column): the
// self time of `node --cpu-prof` profiles grouped by who spent it (Prisma, Temporal SDK, HTTP and
// validation, logging, simulators, bench driver, our own src), so a CPU-per-order figure can be
// split between the hub's own work and what it runs on. Every thread's profile counts (the order
// worker runs workflows in worker threads); native threads (Temporal's Rust core, libuv) are not
// sampled by V8 and show up only as the gap between process CPU and the profiled total.
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Package groups, first match wins; the URL is a file path or file:// URL (or empty for V8's own entries). */
const GROUPS: [string, RegExp][] = [
  ['prisma (client, query compiler, pg adapter)', /node_modules\/(@prisma\/|prisma\/|\.prisma\/)|\/src\/generated\/prisma\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+|pgpass)\//],
  ['temporal sdk', /node_modules\/@temporalio\//],
  ['protobuf / grpc', /node_modules\/(protobufjs|@grpc|@protobufjs|long)\//],
  ['express / zod / http', /node_modules\/(express|body-parser|router|raw-body|zod|ajv[^/]*|qs|send|finalhandler|on-finished|type-is|content-type|iconv-lite|mime[^/]*|debug)\//],
  ['pino (logging)', /node_modules\/(pino[^/]*|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free|safe-stable-stringify)\//],
  ['opentelemetry', /node_modules\/@opentelemetry\//],
  ['simulators', /\/src\/simulators\//],
  ['bench driver', /\/bench\//],
  // The order workflows run from the prebuilt bundle inside the SDK's vm context (worker thread).
  ['workflow sandbox (bundle: our workflows + SDK workflow lib)', /^evalmachine|workflow-bundle|\/src\/workflows\//],
  // Prisma's query compiler is WebAssembly.
  ['prisma (client, query compiler, pg adapter)', /^wasm:/],
  ['our src: activities', /\/src\/activities\//],
  ['our src: api', /\/src\/api\//],
  ['our src: other', /\/src\//],
  ['other node_modules', /node_modules\//],
  ['node core (http, net, streams, timers)', /^node:|^internal\//],
];

function groupOf(frame: CallFrame): string {
  if (!frame.url) {
    if (frame.functionName === '(garbage collector)') return 'garbage collector';
    if (frame.functionName === '(idle)') return '(idle)';
    if (frame.functionName === '(program)') return 'v8 / native (program)';
    return 'v8 builtins / native';
  }
  const known = GROUPS.find(([, re]) => re.test(frame.url))?.[0];
  if (known === 'other node_modules') return `other: ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1]}`;
  return known ?? 'other';
}

export interface Summary {
  totalMs: number;
  /** Sampled time per profile (one per thread: main, then the workflow worker threads). */
  perProfileMs: number[];
  groups: { group: string; ms: number; share: number }[];
  top: { fn: string; group: string; ms: number }[];
}

/** Self time per group over the samples inside [fromUs, toUs] (V8's monotonic microseconds), idle excluded. */
export function summarise(profiles: CpuProfile[], window?: { fromUs: number; toUs: number }): Summary {
  const byGroup = new Map<string, number>();
  const byFn = new Map<string, { group: string; us: number }>();
  const perProfileMs: number[] = [];
  for (const p of profiles) {
    let profileUs = 0;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    let t = p.startTime;
    p.samples.forEach((id, i) => {
      t += p.timeDeltas[i] ?? 0;
      // A sample's time is the gap to the next one.
      const us = p.timeDeltas[i + 1] ?? 0;
      if (window && (t < window.fromUs || t > window.toUs)) return;
      const frame = nodes.get(id)!.callFrame;
      const group = groupOf(frame);
      if (group === '(idle)') return;
      profileUs += us;
      byGroup.set(group, (byGroup.get(group) ?? 0) + us);
      const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
      const fn = byFn.get(key) ?? { group, us: 0 };
      fn.us += us;
      byFn.set(key, fn);
    });
    perProfileMs.push(profileUs / 1000);
  }
  const totalUs = [...byGroup.values()].reduce((a, b) => a + b, 0);
  return {
    totalMs: totalUs / 1000,
    perProfileMs,
    groups: [...byGroup.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: us / 1000, share: totalUs ? us / totalUs : 0 })),
    top: [...byFn.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 25)
      .map(([fn, v]) => ({ fn, group: v.group, ms: v.us / 1000 })),
  };
}

function profileFiles(args: string[]): string[] {
  return args.flatMap((a) =>
    fs.statSync(a).isDirectory()
      ? fs
          .readdirSync(a)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(a, f))
      : [a],
  );
}

function main() {
  const args = process.argv.slice(2);
  const w = args.indexOf('--window');
  // The orders scenario writes the run's window (first POST → last delivered) when BENCH_PROFILE_WINDOW names a file.
  const window = w >= 0 ? (JSON.parse(fs.readFileSync(args[w + 1], 'utf8')) as { fromUs: number; toUs: number }) : undefined;
  const files = profileFiles(w >= 0 ? args.filter((_, i) => i !== w && i !== w + 1) : args);
  const profiles = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as CpuProfile);
  const perOrder = Number(process.env.ORDERS ?? 0);
  const s = summarise(profiles, window);
  const per = (ms: number) => (perOrder > 0 ? ` | ${(ms / perOrder).toFixed(1)}` : '');
  console.log(`${files.length} profile(s)${window ? ', window only' : ''}; sampled self time ${(s.totalMs / 1000).toFixed(1)} s (idle excluded)`);
  files.forEach((f, i) => console.log(`  ${path.basename(f)}: ${(s.perProfileMs[i] / 1000).toFixed(1)} s`));
  console.log('');
  // Samples are taken by the clock: on a busy machine a descheduled thread's gaps count too, so read the shares, not the seconds.
  console.log(`| group | sampled s | share${perOrder > 0 ? ' | sampled ms per order' : ''} |\n|---|---|---${perOrder > 0 ? '|---' : ''}|`);
  for (const g of s.groups) console.log(`| ${g.group} | ${(g.ms / 1000).toFixed(2)} | ${(g.share * 100).toFixed(1)} %${per(g.ms)} |`);
  console.log('\nTop functions by self time:');
  for (const f of s.top) console.log(`${f.ms.toFixed(0).padStart(7)} ms  ${f.group.padEnd(34)} ${f.fn}`);
}

if (require.main === module) main();
