import ts from 'typescript';
import { findCycles, importedSpecifiers } from '../../scripts/check-cycles';

describe('check:cycles', () => {
  test('finds each cycle once, as a path back to its start', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
      ['e', ['e']],
      ['f', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
  });

  test('no cycle in a layered graph', () => {
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  test('type-only imports, re-exports and require() are edges too', () => {
    const code = [
      "import type { A } from './a';",
      "import { type B } from './b';",
      "import c from './c';",
      "export { d } from './d';",
      "export type { E } from './e';",
      "const f = require('./f');",
      "import g = require('./g');",
      "import './h';",
    ].join('\n');
    const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
    expect(importedSpecifiers(source)).toEqual(['./a', './b', './c', './d', './e', './f', './g', './h']);
  });
});
