import { MoneyFieldError, MoneyFormatError, parseMoneyAt } from '../../../src/domain/money';
import { parseChannelTotals, parsePricedOrder, type PricedOrderInput } from '../../../src/domain/pricing';

describe('parseMoneyAt', () => {
  it("reads a decimal string with the currency's digits", () => {
    expect(parseMoneyAt('x', '19.99', 'USD')).toBe(1999);
    expect(parseMoneyAt('x', '263.0', 'USD')).toBe(26300);
    expect(parseMoneyAt('x', '1980', 'JPY')).toBe(1980);
    expect(parseMoneyAt('x', '0.005', 'KWD')).toBe(5);
  });

  it.each([
    ['lines[0].unitPrice', '1.999', 'USD', 'lines[0].unitPrice: "1.999" has more than 2 decimal places for USD'],
    ['lines[0].unitPrice', '1.5', 'JPY', 'lines[0].unitPrice: "1.5" has more than 0 decimal places for JPY'],
    ['shippingLines[0].price', '0.0001', 'KWD', 'shippingLines[0].price: "0.0001" has more than 3 decimal places for KWD'],
    ['channelTotals.total', 19.99, 'USD', 'channelTotals.total: 19.99 is not a decimal string like "19.99"'],
    ['channelTotals.total', null, 'USD', 'channelTotals.total: null is not a decimal string like "19.99"'],
    ['channelTotals.total', undefined, 'USD', 'channelTotals.total: undefined is not a decimal string like "19.99"'],
    ['lines[1].discounts[0].amount', '-1.00', 'USD', 'lines[1].discounts[0].amount: "-1.00" is not a decimal amount like "19.99"'],
  ])('%s = %j in %s is refused: %s', (field, value, currency, message) => {
    let error: unknown;
    try {
      parseMoneyAt(field, value, currency);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MoneyFieldError);
    expect(error).toBeInstanceOf(MoneyFormatError);
    expect((error as MoneyFieldError).field).toBe(field);
    expect((error as Error).message).toBe(message);
  });
});

describe('parsePricedOrder', () => {
  const valid: PricedOrderInput = {
    currency: 'USD',
    lines: [{ channelLineId: 'L1', quantity: 2, unitPrice: '10.00', discounts: [{ code: 'A', amount: '1.00' }], taxLines: [{ title: 'Tax', rate: 0.06, amount: '1.14' }] }],
    shippingLines: [{ service: 'standard', price: '4.95' }],
  };

  it('builds the minor-unit model, numbering lines from 1 and keeping the rate as text', () => {
    expect(parsePricedOrder(valid)).toEqual({
      currency: 'USD',
      taxesIncluded: false,
      lines: [
        {
          lineNo: 1,
          channelLineId: 'L1',
          quantity: 2,
          unitPriceMinor: 1000,
          discounts: [{ code: 'A', amountMinor: 100 }],
          taxLines: [{ title: 'Tax', rate: '0.06', amountMinor: 114 }],
        },
      ],
      shippingLines: [{ service: 'standard', priceMinor: 495, discounts: [], taxLines: [] }],
    });
  });

  it.each<[string, (o: PricedOrderInput) => unknown, string]>([
    ['currency', (o) => ({ ...o, currency: 'usd' }), 'currency: "usd" is not an ISO 4217 code'],
    ['shopCurrency', (o) => ({ ...o, shopCurrency: 'EURO' }), 'shopCurrency: "EURO" is not an ISO 4217 code'],
    ['no lines', (o) => ({ ...o, lines: [] }), 'lines: an order needs at least one line'],
    ['quantity', (o) => ({ ...o, lines: [{ ...o.lines[0], quantity: 0 }] }), 'lines[0].quantity: 0 is not a whole number >= 1'],
    ['quantity fraction', (o) => ({ ...o, lines: [{ ...o.lines[0], quantity: 1.5 }] }), 'lines[0].quantity: 1.5 is not a whole number >= 1'],
    ['tax title', (o) => ({ ...o, lines: [{ ...o.lines[0], taxLines: [{ title: '', rate: '0.1', amount: '1.00' }] }] }), 'lines[0].taxLines[0].title'],
    ['tax rate', (o) => ({ ...o, lines: [{ ...o.lines[0], taxLines: [{ title: 'T', rate: '6%', amount: '1.00' }] }] }), 'lines[0].taxLines[0].rate: "6%" is not a rate'],
    ['tax amount', (o) => ({ ...o, lines: [{ ...o.lines[0], taxLines: [{ title: 'T', rate: '0.1', amount: '1.001' }] }] }), 'lines[0].taxLines[0].amount: "1.001"'],
    ['discount amount', (o) => ({ ...o, lines: [{ ...o.lines[0], discounts: [{ amount: 'ten' }] }] }), 'lines[0].discounts[0].amount: "ten"'],
    ['shipping service', (o) => ({ ...o, shippingLines: [{ service: '', price: '1.00' }] }), 'shippingLines[0].service'],
    ['shipping price', (o) => ({ ...o, shippingLines: [{ service: 's', price: '1e2' }] }), 'shippingLines[0].price: "1e2"'],
  ])('refuses a bad %s, naming the field', (_name, mutate, message) => {
    expect(() => parsePricedOrder(mutate(valid) as PricedOrderInput)).toThrow(MoneyFieldError);
    expect(() => parsePricedOrder(mutate(valid) as PricedOrderInput)).toThrow(message);
  });

  it('parseChannelTotals names channelTotals.* fields', () => {
    expect(parseChannelTotals({ total: '598.94', tax: '11.94' }, 'USD')).toEqual({ totalMinor: 59894, taxMinor: 1194 });
    expect(() => parseChannelTotals({ total: '598.94', discounts: '10.001' }, 'USD')).toThrow('channelTotals.discounts: "10.001"');
  });
});
