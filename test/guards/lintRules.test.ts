import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The import guards of eslint.config.mjs, on code written into real files' places (nothing is
// saved). ESLint's config is an ES module, which jest's module system cannot load, so one child
// node process lints every sample. These rules need no type information, so the samples skip
// building the whole project's program (tens of seconds on a busy machine); that also leaves
// no-floating-promises, which needs it, out of this test (`npm run lint` runs it).
const root = path.resolve(__dirname, '..', '..');
const LINT_SAMPLES = `
  import { ESLint } from 'eslint';
  const samples = JSON.parse(process.argv[1]);
  const eslint = new ESLint({
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
  });
  const out = [];
  for (const { file, code } of samples) {
    const [result] = await eslint.lintText(code, { filePath: file });
    out.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
  }
  console.log(JSON.stringify(out));
`;

const samples: { file: string; code: string }[] = [];
let results: string[][] | undefined;
/** Registers a sample now; its problems are read after beforeAll linted every sample at once. */
function sample(file: string, code: string): () => string[] {
  const i = samples.push({ file, code }) - 1;
  return () => results![i];
}

beforeAll(() => {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SAMPLES, JSON.stringify(samples)], { cwd: root, encoding: 'utf8' });
  results = JSON.parse(stdout) as string[][];
});

describe('workflow and domain import guards', () => {
  const allowed = [
    "import type { Db } from '../db/prisma';",
    "import { type OrderActivities } from '../activities';",
    "import type { AxiosInstance } from 'axios';",
    "import type { Prisma } from '../generated/prisma/client';",
    'export type T = [Db, OrderActivities, AxiosInstance, Prisma.OrderWhereInput];',
  ].join('\n');
  const typesOnly = ['src/workflows/order.workflow.ts', 'src/domain/order.ts'].map((file) => [file, sample(file, allowed)] as const);
  test.each(typesOnly)('%s may import I/O modules as types', (_file, found) => {
    expect(found()).toEqual([]);
  });

  const forbidden = [
    ["import fs from 'node:fs';", /Node built-ins/],
    ["import { createHash } from 'crypto';", /Node built-ins/],
    ["import { createDb } from '../db/prisma';", /src\/db/],
    ["import { createActivities } from '../activities';", /Activity code/],
    ["import axios from 'axios';", /axios/],
    ["import { PrismaClient } from '../generated/prisma/client';", /Prisma/],
    ["import { Worker } from '@temporalio/worker';", /Temporal package/],
  ] as const;
  const values = forbidden.map(
    ([line, why]) => [line, why, sample('src/workflows/order.workflow.ts', `${line}\nexport const used = [${line.match(/import (?:\{ )?(\w+)/)![1]}];\n`)] as const,
  );
  test.each(values)('workflow code may not use %s', (_line, why, problems) => {
    const found = problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^@typescript-eslint\/no-restricted-imports: /);
    expect(found[0]).toMatch(why);
  });

  const domainValue = sample('src/domain/order.ts', "import { createDb } from '../db/prisma';\nexport const used = createDb;\n");
  test('domain code (which workflows run) may not use the database either', () => {
    expect(domainValue()).toEqual([expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*src\/db/)]);
  });
});
