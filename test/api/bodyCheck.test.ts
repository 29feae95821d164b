import { bodyProblem, MAX_JSON_DEPTH } from '../../src/api/middleware/security';
import { wideAtDepth } from '../support/hostileBodies';

/*
 * The JSON guard after body parsing (pure: ORDERHUB_SKIP_STACK=1 npx jest test/api/bodyCheck.test.ts).
 * It runs on every parsed body and on every signed webhook, so its cost must stay a small multiple
 * of JSON.parse's for the same text: a 256 KB hostile body must not cost hundreds of milliseconds.
 */

/** Fastest of a few runs, in ms: the least disturbed by other processes on the box. */
function fastest(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

test('names the field holding NUL or a lone surrogate, the object holding such a key, and too deep nesting', () => {
  expect(bodyProblem({ lines: [{ sku: 'ok' }, { sku: 'a\u0000b' }] })).toEqual({ field: 'body.lines.1.sku', message: expect.stringMatching(/NUL/) });
  expect(bodyProblem({ customer: { ['na\ud800me']: 'x' } })).toEqual({ field: 'body.customer', message: expect.stringMatching(/keys/) });
  expect(bodyProblem(['\udc00'])).toEqual({ field: 'body.0', message: expect.any(String) });
  expect(bodyProblem({ ok: '😀', n: 1, nothing: null, list: [true, 2.5] })).toBeUndefined();
  expect(bodyProblem('\u0000')).toBeUndefined(); // a scalar body is the schema's business

  const nest = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
  expect(bodyProblem(nest(MAX_JSON_DEPTH))).toBeUndefined();
  expect(bodyProblem(nest(MAX_JSON_DEPTH + 1))).toEqual({ field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  expect(bodyProblem(nest(50_000))).toEqual({ field: 'body', message: expect.stringMatching(/nested deeper/) });
  // Deep but allowed, with the problem at the bottom: the path names every level.
  const deep = JSON.parse('{"a":'.repeat(100) + '"\\u0000"' + '}'.repeat(100));
  expect(bodyProblem(deep)?.field).toBe(['body', ...new Array(100).fill('a')].join('.'));
});

test('the check is linear: a 256 KB body nested 120 levels around a wide array costs a small multiple of JSON.parse', () => {
  for (const depth of [1, 120]) {
    const text = wideAtDepth(depth, 256 * 1024);
    const parsed = JSON.parse(text);
    expect(bodyProblem(parsed)).toBeUndefined();
    const parse = fastest(3, () => JSON.parse(text));
    const check = fastest(3, () => bodyProblem(parsed));
    // Measured here: parse ~3 ms; the check was ~140 ms (depth 1) and ~300 ms (depth 120) while it
    // copied the path at every node, ~2 ms once linear. 10x is far from both.
    expect(check / parse).toBeLessThan(10);
  }
});
