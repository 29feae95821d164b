import fc from 'fast-check';
import { exchangeExternalId, idempotencyKey, orderWorkflowId, RETURN_ID, returnWorkflowId, shipmentId } from '../../src/domain/ids';

describe('ids', () => {
  it('orderWorkflowId comes from channel and external id', () => {
    expect(orderWorkflowId('webstore', 'W-1001')).toBe('order:webstore:W-1001');
  });

  it('idempotencyKey joins order and step', () => {
    expect(idempotencyKey('ord-1', 'reserve')).toBe('ord-1:reserve');
  });

  it('a return has its own workflow id, and its exchange one replacement order id (started once)', () => {
    expect(returnWorkflowId('ret_0123456789abcdefghijklmnop')).toBe('return:ret_0123456789abcdefghijklmnop');
    expect(exchangeExternalId('ret_0123456789abcdefghijklmnop')).toBe('exchange-ret_0123456789abcdefghijklmnop');
    expect(RETURN_ID.test('ret_0123456789abcdefghijklmnop')).toBe(true);
    expect(RETURN_ID.test('ret_short')).toBe(false);
  });

  it('shipmentId joins order and location', () => {
    expect(shipmentId('ord-1', 'east')).toBe('ord-1-east');
  });

  it('property: ids are deterministic (same input, same id: retries and redeliveries collapse)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(orderWorkflowId(a, b)).toBe(orderWorkflowId(a, b));
        expect(idempotencyKey(a, b)).toBe(idempotencyKey(a, b));
        expect(shipmentId(a, b)).toBe(shipmentId(a, b));
      }),
    );
  });

  it('property: distinct channel orders get distinct workflow ids (channel codes hold no colon)', () => {
    const channel = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/);
    const externalId = fc.stringMatching(/^[\x21-\x7e]{1,128}$/);
    fc.assert(
      fc.property(channel, externalId, channel, externalId, (c1, e1, c2, e2) => {
        fc.pre(c1 !== c2 || e1 !== e2);
        expect(orderWorkflowId(c1, e1)).not.toBe(orderWorkflowId(c2, e2));
      }),
    );
  });

  it('property: within one order, distinct steps and locations give distinct keys', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.string(), (orderId, x, y) => {
        fc.pre(x !== y);
        expect(idempotencyKey(orderId, x)).not.toBe(idempotencyKey(orderId, y));
        expect(shipmentId(orderId, x)).not.toBe(shipmentId(orderId, y));
      }),
    );
  });

  it('property: keys of different orders (UUIDs) never collide', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.constantFrom('reserve', 'charge', 'label'), (o1, o2, step) => {
        fc.pre(o1 !== o2);
        expect(idempotencyKey(o1, step)).not.toBe(idempotencyKey(o2, step));
        expect(shipmentId(o1, step)).not.toBe(shipmentId(o2, step));
      }),
    );
  });
});
