import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, seconds. */
  cpu: number;
}

function readProcs(): Proc[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  const out: Proc[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14-17.
      const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
      out.push({ pid: Number(entry), ppid: Number(f[1]), comm, cpu: (utime + stime + cutime + cstime) / clockTicks() });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/**
 * CPU seconds used so far by the processes this one started (the Temporal dev server, the
 * embedded PostgreSQL and its backends), by group: 'temporal' or 'postgres'. Empty when they
 * are not ours (DATABASE_URL / TEMPORAL_ADDRESS given) or /proc is not there. Backends that
 * already exited count through their parent's cutime/cstime.
 */
export function childCpuSeconds(): Record<string, number> {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const totals: Record<string, number> = {};
  const walk = (p: Proc, group: string) => {
    totals[group] = (totals[group] ?? 0) + p.cpu;
    for (const c of children.get(p.pid) ?? []) walk(c, group);
  };
  const hasPostgres = (p: Proc): boolean => p.comm.startsWith('postgres') || (children.get(p.pid) ?? []).some(hasPostgres);
  for (const child of children.get(process.pid) ?? []) {
    // Run as root, PostgreSQL may sit under a su/sh wrapper.
    const group = child.comm.startsWith('temporal') ? 'temporal' : hasPostgres(child) ? 'postgres' : undefined;
    if (group) walk(child, group);
  }
  return totals;
}

/** CPU seconds of this process (API + workers + simulators + the bench driver) and of its children since `start()`. */
export function cpuMeter() {
  const startSelf = process.cpuUsage();
  const startChildren = childCpuSeconds();
  return () => {
    const self = process.cpuUsage(startSelf);
    const now = childCpuSeconds();
    const children: Record<string, number> = {};
    for (const [group, seconds] of Object.entries(now)) children[group] = seconds - (startChildren[group] ?? 0);
    return { hubProcess: (self.user + self.system) / 1e6, children };
  };
}
