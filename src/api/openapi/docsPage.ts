import type { JsonSchema } from './registry';
import type { OpenApiDocument } from './document';

/*
 * The document as one static HTML page: rendered on the server, no script, nothing loaded from
 * elsewhere, so it works offline and under a strict Content-Security-Policy.
 */

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Inlines component $refs so a body reads in one place; a ref already being expanded (recursion) stays a ref. */
function inlineRefs(node: unknown, schemas: Record<string, JsonSchema>, expanding: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, schemas, expanding));
  if (typeof node !== 'object' || node === null) return node;
  const refTo = (node as JsonSchema).$ref;
  if (typeof refTo === 'string' && refTo.startsWith('#/components/schemas/')) {
    const name = refTo.slice('#/components/schemas/'.length);
    if (expanding.includes(name) || !schemas[name]) return node;
    return inlineRefs(schemas[name], schemas, [...expanding, name]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineRefs(v, schemas, expanding)]));
}

/** A response's body: a link to its shared schema, or the schema itself when it is inline. */
function shapeOf(r: { $ref?: string; content?: Record<string, { schema: unknown }> }): string {
  if (r.$ref) return '<span class="desc">Error</span>';
  const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
  if (!type) return '';
  const target = (media.schema as JsonSchema | undefined)?.$ref;
  if (typeof target === 'string') {
    const name = target.split('/').pop()!;
    return `<span class="desc">${esc(type)}</span> <a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  return `<span class="desc">${esc(type)}</span> <code>${esc(JSON.stringify(media.schema))}</code>`;
}

const describeRef = (pointer: string | undefined, doc: OpenApiDocument) =>
  String(((doc.components.responses as Record<string, { description?: string }> | undefined) ?? {})[String(pointer).split('/').pop()!]?.description ?? '');

const json = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;

function renderOperation(method: string, path: string, op: JsonSchema, doc: OpenApiDocument): string {
  const schemas = doc.components.schemas;
  const roles = op['x-orderhub-role'] as string[];
  const params = (op.parameters ?? []) as { name: string; in: string; required: boolean; schema: unknown }[];
  const body = (op.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)?.content?.['application/json']?.schema;
  // The role sentence is in the description for other tools; here it has its own line already.
  const description = String(op.description ?? '').replace(/\n*(Role|Access): [^\n]*$/, '');
  const responses = Object.entries(op.responses as Record<string, { description?: string; $ref?: string; content?: Record<string, { schema: unknown }> }>);
  return `<section class="op" id="${esc(op.operationId)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>
<p class="role">${roles.length > 0 ? `Role: <b>${esc(roles.join(' | '))}</b>` : (op.security as unknown[]).length > 0 ? '<b>Signed webhook</b>, no API key' : 'Public, no API key'} · operationId <code>${esc(op.operationId)}</code></p>
${description ? `<p class="desc">${esc(description)}</p>` : ''}
${params.length > 0 ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`).join('')}</table>` : ''}
${body ? `<details open><summary>Request body</summary>${json(inlineRefs(body, schemas))}</details>` : ''}
<details><summary>Responses</summary><ul>${responses.map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description ?? describeRef(r.$ref, doc))} ${shapeOf(r)}</li>`).join('')}</ul></details>
</section>`;
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const info = doc.info as { title: string; version: string; description?: string };
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags as string[] | undefined) ?? ['other'])[0];
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(method, path, op, doc)]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join('\n')}`).join('\n');
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, s]) => `<details id="schema-${esc(name)}"><summary><code>${esc(name)}</code></summary>${json(s)}</details>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}
code,pre{font:12px ui-monospace,monospace}pre{background:#f6f6f6;padding:.6em;overflow:auto;max-height:30em}
.op{border:1px solid #ddd;border-radius:4px;padding:.2em 1em;margin:.8em 0}.m{display:inline-block;min-width:4em;padding:0 .4em;border-radius:3px;color:#fff;font-size:12px;text-align:center}
.get{background:#2b6cb0}.post{background:#2f855a}.put{background:#b7791f}.delete{background:#c53030}.patch{background:#6b46c1}
.role,.desc{color:#555}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}td code{word-break:break-all}
</style></head><body>
<h1>${esc(info.title)} <small>v${esc(info.version)}</small></h1>
<p>${esc(info.description ?? '')} Machine-readable: <a href="openapi.json">openapi.json</a>.</p>
<nav>${[...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(' · ')} · <a href="#schemas">schemas</a></nav>
${sections}
<h2 id="schemas">Schemas</h2>
${schemas}
</body></html>`;
}
