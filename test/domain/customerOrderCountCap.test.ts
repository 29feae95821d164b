import fc from 'fast-check';
import { customerOrderCountCap, evaluateCondition, type Condition, type Facts, type Rule } from '../../src/domain/rules';
import { assessRisk } from '../../src/domain/risk';

// Facts other than the count do not matter here: conditions below only name customerOrderCount.
const facts = (customerOrderCount: number) => ({ customerOrderCount }) as Facts;

const threshold = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double({ min: -3, max: 40, noNaN: true }));
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constant('customerOrderCount' as const), op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), value: threshold }),
  fc.record({ fact: fc.constant('customerOrderCount' as const), op: fc.constantFrom('in', 'notIn'), value: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }) }),
) as fc.Arbitrary<Condition>;
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;
const rule = (when: Condition, i: number): Rule => ({ id: `r${i}`, name: `r${i}`, enabled: true, order: i, when, actions: [], stopProcessing: false });

describe('customerOrderCountCap', () => {
  it('counting up to the cap decides every rule as the full count does', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 200 }), (whens, count) => {
        const rules = whens.map(rule);
        const capped = Math.min(count, customerOrderCountCap(rules));
        for (const r of rules) expect(evaluateCondition(r.when, facts(capped))).toBe(evaluateCondition(r.when, facts(count)));
      }),
      { numRuns: 500 },
    );
  });

  it('is at least 1, so the risk score still tells a new customer from a returning one', () => {
    expect(customerOrderCountCap([])).toBe(1);
    const risk = (n: number) => assessRisk({ customerOrderCount: n, totalUsdCents: 1000, currency: 'USD', shippingService: 'standard', shippingCountry: 'US', lines: [] });
    expect(risk(Math.min(5, customerOrderCountCap([])))).toEqual(risk(5));
    expect(customerOrderCountCap([rule({ fact: 'customerOrderCount', op: 'gte', value: 10 }, 0)])).toBe(11);
  });
});
