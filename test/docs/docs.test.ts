// The docs a person reads stay true to the repository: links resolve, the settings table is the
// one the schema renders, and every environment variable the code reads is documented.
// Pure file reading: runs with ORDERHUB_SKIP_STACK=1 as well as inside `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_DOC, renderConfigTable, withConfigTable } from '../../scripts/docs-config';
import { configSchema } from '../../src/config';
import { headingSlug, markdownAnchors, markdownLinks } from './markdown';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'generated' ? [] : filesUnder(rel, keep);
    return keep(rel) ? [rel] : [];
  });
}

const docFiles = ['README.md', 'chaos/README.md', 'bench/README.md', ...filesUnder('docs', (f) => f.endsWith('.md'))];

const anchorsByFile = new Map<string, Set<string>>();
function anchorsOf(absFile: string): Set<string> {
  if (!anchorsByFile.has(absFile)) anchorsByFile.set(absFile, markdownAnchors(fs.readFileSync(absFile, 'utf8')));
  return anchorsByFile.get(absFile)!;
}

describe('links in the docs', () => {
  test.each(docFiles)('every relative link in %s resolves, #anchors included', (file) => {
    const abs = path.join(root, file);
    const problems: string[] = [];
    for (const { line, target } of markdownLinks(fs.readFileSync(abs, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not checked offline
      const hash = target.indexOf('#');
      const linkPath = hash < 0 ? target : target.slice(0, hash);
      const anchor = hash < 0 ? undefined : target.slice(hash + 1);
      const resolved = linkPath ? path.resolve(path.dirname(abs), decodeURI(linkPath)) : abs;
      const where = `${file}:${line} (${target})`;
      if (!resolved.startsWith(root + path.sep)) problems.push(`${where}: points outside the repository`);
      else if (!fs.existsSync(resolved)) problems.push(`${where}: no such file`);
      // Anchors are checked in Markdown files; GitHub's line anchors (#L10) into code are not used here.
      else if (anchor !== undefined && (!resolved.endsWith('.md') || !anchorsOf(resolved).has(decodeURIComponent(anchor)))) {
        problems.push(`${where}: no heading with that anchor`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('README.md links every file in docs/', () => {
    const linked = new Set(
      markdownLinks(read('README.md'))
        .map((l) => l.target.split('#')[0])
        .filter(Boolean)
        .map((t) => path.normalize(t)),
    );
    const unlinked = filesUnder('docs', (f) => f.endsWith('.md')).filter((f) => !linked.has(path.normalize(f)));
    expect(unlinked).toEqual([]);
  });

  test('anchors follow GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    expect(headingSlug('`POST /api/v1/orders`: create an order (idempotent)')).toBe('post-apiv1orders-create-an-order-idempotent');
    expect(headingSlug('Holds, address and rules of one order')).toBe('holds-address-and-rules-of-one-order');
    expect(headingSlug('When `needs_attention` – retry or skip')).toBe('when-needs_attention--retry-or-skip');
    expect([...markdownAnchors('# A\n```\n# not a heading\n```\n## A\n<a id="x"></a>')]).toEqual(['a', 'a-1', 'x']);
  });
});

describe('configuration docs', () => {
  test('every setting of the config schema has a description and a row in the rendered table', () => {
    const table = renderConfigTable(); // throws naming a setting without a description
    for (const name of Object.keys(configSchema.shape)) expect(table).toContain(`| \`${name}\` |`);
  });

  test('docs/configuration.md holds the table the schema renders now (else: npm run docs:config)', () => {
    const current = fs.readFileSync(CONFIG_DOC, 'utf8');
    expect(current).toBe(withConfigTable(current, renderConfigTable()));
  });

  /**
   * Environment variables read outside the schema (tooling, simulators, test and bench knobs)
   * are found by pattern: `env.NAME`, `env['NAME']`, and `envInt('NAME', …)`-style helpers.
   * A variable read any other way escapes this check.
   */
  function variablesReadIn(files: string[]): Map<string, string> {
    const found = new Map<string, string>();
    const patterns = [
      /\benv\.([A-Z][A-Z0-9_]*[A-Z0-9])\b/g,
      /\benv\[\s*['"`]([A-Z][A-Z0-9_]*[A-Z0-9])['"`]\s*\]/g,
      /\b(?:env[A-Za-z]*|nonNegativeInteger)\(\s*(?:(?:process\.)?env\s*,\s*)?['"]([A-Z][A-Z0-9_]*[A-Z0-9])['"]/g,
    ];
    for (const file of files) {
      const text = read(file);
      for (const pattern of patterns) for (const m of text.matchAll(pattern)) if (!found.has(m[1])) found.set(m[1], file);
    }
    return found;
  }
  const documented = (text: string, name: string) => new RegExp(`\\b${name}\\b`).test(text);
  // Set by Jest itself, not by anyone running orderhub.
  const notSettings = new Set(['JEST_WORKER_ID']);

  test('every environment variable that src/ and scripts/ read is in docs/configuration.md', () => {
    const doc = fs.readFileSync(CONFIG_DOC, 'utf8');
    const code = [...filesUnder('src', (f) => f.endsWith('.ts')), ...filesUnder('scripts', (f) => /\.(ts|mjs)$/.test(f))];
    const missing = [...variablesReadIn(code)].filter(([name]) => !notSettings.has(name) && !documented(doc, name)).map(([name, file]) => `${name} (read in ${file})`);
    expect(missing).toEqual([]);
  });

  test('every environment variable that tests, bench and chaos read is documented somewhere in the docs', () => {
    const docs = docFiles.map(read).join('\n');
    const code = ['test', 'bench', 'chaos'].flatMap((dir) => filesUnder(dir, (f) => f.endsWith('.ts') && !f.startsWith(path.join('test', 'docs'))));
    const missing = [...variablesReadIn(code)].filter(([name]) => !notSettings.has(name) && !documented(docs, name)).map(([name, file]) => `${name} (read in ${file})`);
    expect(missing).toEqual([]);
  });
});
