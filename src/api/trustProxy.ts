import { isIP } from 'node:net';

/**
 * Express's `trust proxy`, restricted to the forms that cannot be spoofed: false (the default:
 * the client is the TCP peer, X-Forwarded-For is ignored), a hop count (the number of proxies in
 * front of the hub, each appending the address it saw), or the proxies' addresses and subnets.
 */
export type TrustProxy = false | number | string[];

const NAMED = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: `false`, a number of hops (`1` behind one load balancer), or a comma-separated list
 * of proxy addresses, CIDR subnets and Express's names loopback / linklocal / uniquelocal.
 * `true` (trust every hop) is refused: any client could then name its own address in
 * X-Forwarded-For and get a fresh rate-limit bucket with every request.
 */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') {
    throw new Error(
      '"true" would trust every X-Forwarded-For hop, so any client could choose its address and rate-limit bucket: give the number of proxies in front of the hub, or their addresses',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 16) throw new Error(`${hops} proxies in front of the hub is not plausible; give the number of proxies (0-16) or their addresses`);
    return hops === 0 ? false : hops;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.find((e) => !validEntry(e));
  if (bad !== undefined) throw new Error(`"${bad}" is not an IP address, a CIDR subnet (10.0.0.0/8) or one of ${NAMED.join(', ')}`);
  return entries;
}

function validEntry(entry: string): boolean {
  if (NAMED.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
