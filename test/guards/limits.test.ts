/**
 * Issue 12's size limits, so they cannot erode unnoticed: no file under src over 300 lines
 * (src/generated, written by `prisma generate`, aside), no function in src/workflows over 60 lines.
 * A file or function that grows past them is split by job, not squeezed under the number.
 * Pure: run it with ORDERHUB_SKIP_STACK=1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
const MAX_FILE_LINES = 300;
const MAX_WORKFLOW_FUNCTION_LINES = 60;

function sourceFiles(dir: string, skip: string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (skip.includes(full)) return [];
    if (e.isDirectory()) return sourceFiles(full, skip);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [full] : [];
  });
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const relative = (file: string) => path.relative(root, file);

/** Every function-like node with a body, with the lines its body spans (braces included). */
function functionSizes(file: string, text = readFileSync(file, 'utf8')): { name: string; line: number; lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const first = source.getLineAndCharacterOfPosition(body.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(body.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : ts.isArrowFunction(node) || ts.isFunctionExpression(node) ? '(anonymous)' : ts.SyntaxKind[node.kind];
      found.push({ name, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no file under src is over ${MAX_FILE_LINES} lines (src/generated aside)`, () => {
  const files = sourceFiles(path.join(root, 'src'), [path.join(root, 'src', 'generated')]);
  expect(files.length).toBeGreaterThan(100);
  const tooLong = files.map((f) => ({ file: relative(f), lines: lineCount(readFileSync(f, 'utf8')) })).filter((f) => f.lines > MAX_FILE_LINES);
  expect(tooLong).toEqual([]);
});

test(`no function in src/workflows is over ${MAX_WORKFLOW_FUNCTION_LINES} lines`, () => {
  const files = sourceFiles(path.join(root, 'src', 'workflows'));
  const sizes = files.flatMap((f) => functionSizes(f).map((fn) => ({ at: `${relative(f)}:${fn.line}`, name: fn.name, lines: fn.lines })));
  expect(sizes.length).toBeGreaterThan(50);
  expect(sizes.filter((fn) => fn.lines > MAX_WORKFLOW_FUNCTION_LINES)).toEqual([]);
});

test('the measure counts the lines of a function body, nested and arrow functions too', () => {
  const body = Array.from({ length: 70 }, (_, i) => `  const x${i} = ${i};`).join('\n');
  const sizes = functionSizes('sample.ts', `export function long() {\n${body}\n  const inner = () => {\n    return 1;\n  };\n}\nconst short = () => 1;\n`);
  expect(sizes.map(({ name, lines }) => [name, lines])).toEqual([
    ['long', 75],
    ['(anonymous)', 3],
    ['(anonymous)', 1],
  ]);
});
