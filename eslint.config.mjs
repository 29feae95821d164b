// `npm run lint` (docs/development.md says why each rule is here).
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

// Workflow code runs in Temporal's deterministic sandbox, bundled by webpack without Node's
// built-ins: Temporal's TypeScript samples forbid them in workflow files (`assert` is provided).
const nodeBuiltins = builtinModules.filter((m) => m !== 'assert' && !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

// Workflows and the domain code they run may know the shapes of I/O (types) but never call it:
// an activity, a Prisma query or an HTTP call inside a workflow breaks replay, and the bundle.
const noIoValues = (what) => `${what} does I/O: workflow and domain code may import its types only (import type …).`;
const sandboxImports = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available in the Temporal workflow sandbox.' })),
    { name: 'axios', allowTypeImports: true, message: noIoValues('axios') },
    { name: 'prisma', allowTypeImports: true, message: noIoValues('Prisma') },
  ],
  patterns: [
    { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: noIoValues('Activity code') },
    { group: ['**/db', '**/db/**'], allowTypeImports: true, message: noIoValues('The database layer (src/db)') },
    { group: ['@prisma/*', '**/generated/prisma', '**/generated/prisma/**'], allowTypeImports: true, message: noIoValues('Prisma') },
    { group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker'], allowTypeImports: true, message: noIoValues('This Temporal package') },
  ],
};

export default defineConfig(
  {
    // Generated Prisma client, the dashboard's browser script, and build/run output.
    ignores: ['src/generated/**', 'node_modules/**', 'dist/**', 'coverage/**', '.data/**', '.tools/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended, prettierConfig],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An un-awaited activity, workflow or database call fails silently or out of order.
      '@typescript-eslint/no-floating-promises': 'error',
      // The code's convention: a leading underscore names what is deliberately left unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/workflows/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', sandboxImports],
    },
  },
);
