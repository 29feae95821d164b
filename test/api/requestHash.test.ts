import { requestHash } from '../../src/api/middleware/idempotency';

// Pure: run with ORDERHUB_SKIP_STACK=1.
describe('Idempotency-Key request hash', () => {
  test('does not depend on the order of JSON keys, at any depth', () => {
    const a = { reason: 'manual', note: 'x', address: { line1: '1 Main', country: 'US' }, lines: [{ sku: 'A', quantity: 1 }] };
    const b = { lines: [{ quantity: 1, sku: 'A' }], address: { country: 'US', line1: '1 Main' }, note: 'x', reason: 'manual' };
    expect(requestHash('POST', '/api/v1/orders', a)).toBe(requestHash('POST', '/api/v1/orders', b));
  });

  test('still tells different requests apart: values, array order, method, path', () => {
    const base = requestHash('POST', '/p', { a: 1, b: [1, 2] });
    expect(requestHash('POST', '/p', { a: 2, b: [1, 2] })).not.toBe(base);
    expect(requestHash('POST', '/p', { a: 1, b: [2, 1] })).not.toBe(base);
    expect(requestHash('PUT', '/p', { a: 1, b: [1, 2] })).not.toBe(base);
    expect(requestHash('POST', '/q', { a: 1, b: [1, 2] })).not.toBe(base);
    // A key whose text looks like JSON punctuation cannot fake another structure.
    expect(requestHash('POST', '/p', { 'a":1,"b': 2 })).not.toBe(requestHash('POST', '/p', { a: 1, b: 2 }));
  });
});
