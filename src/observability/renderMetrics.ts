import { registry } from './metrics';
import { temporalMetricsText } from './temporalMetrics';

export const METRICS_CONTENT_TYPE = registry.contentType;

/** This process's metrics text: extra families (e.g. from the database), its registry, then the SDK's. */
export async function renderMetrics(extra: Array<() => Promise<string>> = []): Promise<string> {
  const parts = await Promise.all([...extra.map((render) => render()), registry.metrics(), temporalMetricsText()]);
  return parts
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .join('\n\n')
    .concat('\n');
}
