import { createHash, timingSafeEqual } from 'node:crypto';
import { presentedKey } from '../api/auth/keys';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** GET /metrics, wherever it is served: the one path that answers to the metrics key. */
export const isMetricsScrape = (method: string, path: string) => (method === 'GET' || method === 'HEAD') && /^\/metrics\/?$/i.test(path);

/**
 * Whether a scrape may read /metrics: always without METRICS_KEY; with it, only when it presents
 * that key (`Authorization: Bearer <key>`, as Prometheus sends it, or `X-Api-Key`), compared in
 * constant time. The metrics key opens nothing else and API keys do not open /metrics: a
 * scraper's credential stays worth little, and no API key has to be handed to the monitoring.
 */
export function metricsKeyCheck(key: string | undefined): (headers: { authorization?: string; 'x-api-key'?: string | string[] }) => boolean {
  if (key === undefined) return () => true;
  const expected = sha256(key);
  return (headers) => {
    const presented = presentedKey(headers);
    return presented !== undefined && timingSafeEqual(sha256(presented), expected);
  };
}

export const METRICS_KEY_REQUIRED = 'a metrics key is required: send "Authorization: Bearer <METRICS_KEY>"';
export const METRICS_AUTHENTICATE = 'Bearer realm="orderhub-metrics"';
