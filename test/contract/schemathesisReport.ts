/*
 * Reads Schemathesis's NDJSON event report (--report ndjson): every failed check with the request
 * and the response that failed it, and every error event. Only the fields used here are typed.
 */

export interface Finding {
  /** "POST /api/v1/orders", as the document names the operation. */
  operation: string;
  check: string;
  code: string;
  title: string;
  message: string;
  /** positive or negative: whether Schemathesis meant the request to be valid. */
  mode: string;
  phase: string;
  request: { method: string; uri: string; body?: unknown; headers: Record<string, unknown> };
  status?: number;
  responseBody?: string;
}

interface Check {
  name: string;
  status: string;
  failure_info?: { failure: { code?: string; title?: string; message?: string; operation?: string } };
}

interface Recorder {
  label: string;
  cases?: Record<string, { value: { method: string; path: string; body?: unknown; meta?: { generation?: { mode?: string } } } }>;
  checks?: Record<string, Check[]>;
  interactions?: Record<
    string,
    { request: { method: string; uri: string; headers: Record<string, unknown> }; response?: { status_code: number; content?: { $base64?: string } | string } }
  >;
}

export function readReport(ndjson: string): { findings: Finding[]; errors: string[] } {
  const findings: Finding[] = [];
  const errors: string[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const [kind] = Object.keys(event);
    // NonFatalError, FatalError: Schemathesis could not test something; that is no pass.
    if (/Error$/.test(kind)) errors.push(`${kind}: ${JSON.stringify(event[kind]).slice(0, 2000)}`);
    if (kind !== 'ScenarioFinished') continue;
    const scenario = event[kind] as { phase: string; recorder: Recorder };
    const recorder = scenario.recorder;
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      for (const check of checks) {
        if (check.status !== 'failure') continue;
        const failure = check.failure_info?.failure ?? {};
        const value = recorder.cases?.[caseId]?.value;
        const interaction = recorder.interactions?.[caseId];
        findings.push({
          operation: failure.operation ?? recorder.label,
          check: check.name,
          code: failure.code ?? '',
          title: failure.title ?? '',
          message: failure.message ?? '',
          mode: value?.meta?.generation?.mode ?? '',
          phase: scenario.phase,
          request: {
            method: interaction?.request.method ?? value?.method ?? '',
            uri: interaction?.request.uri ?? value?.path ?? '',
            body: value?.body,
            headers: interaction?.request.headers ?? {},
          },
          status: interaction?.response?.status_code,
          responseBody: decode(interaction?.response?.content),
        });
      }
    }
  }
  return { findings, errors };
}

function decode(content: { $base64?: string } | string | undefined): string | undefined {
  if (content === undefined) return undefined;
  if (typeof content === 'string') return content;
  return content.$base64 === undefined ? undefined : Buffer.from(content.$base64, 'base64').toString('utf8');
}

/** One finding as a reader needs it: what failed, the request to repeat, what came back. */
export function describeFinding(f: Finding): string {
  const body = f.request.body === undefined ? '' : `\n  body: ${JSON.stringify(f.request.body).slice(0, 1500)}`;
  const headers = Object.keys(f.request.headers).filter((h) => !/^(authorization|x-api-key)$/i.test(h));
  return [
    `${f.operation}: ${f.code} ${f.title} (check ${f.check}, ${f.mode} data, ${f.phase} phase)`,
    `  ${f.message.replace(/\n+/g, ' | ')}`,
    `  ${f.request.method} ${f.request.uri}${headers.length > 0 ? ` [headers: ${headers.join(', ')}]` : ''}${body}`,
    `  -> ${f.status ?? 'no response'} ${(f.responseBody ?? '').slice(0, 1500)}`,
  ].join('\n');
}
