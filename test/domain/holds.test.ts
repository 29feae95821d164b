import fc from 'fast-check';
import {
  DEFAULT_HOLD_SLA_MS,
  RULES_ACTOR,
  applyHoldChanges,
  isOperatorActor,
  holdsToEscalate,
  nextEscalationAt,
  openReasons,
  placeHoldProblem,
  reconcileRuleHolds,
  releaseAll,
  releaseHoldProblem,
  type OrderHold,
} from '../../src/domain/holds';
import { HOLD_REASONS, type HoldReason } from '../../src/domain/rules/types';

const T0 = '2026-11-26T10:00:00.000Z';
const T1 = '2026-11-26T11:00:00.000Z';
const ruleHold = (reason: HoldReason, ruleId = `r-${reason}`) => ({ reason, ruleId });

describe('reconcileRuleHolds', () => {
  test('places what the rules ask for, once', () => {
    const changes = reconcileRuleHolds([], [ruleHold('fraud_review'), ruleHold('address')], T0);
    expect(changes.placed.map((h) => [h.reason, h.placedBy])).toEqual([
      ['fraud_review', 'rule:r-fraud_review'],
      ['address', 'rule:r-address'],
    ]);
    const holds = applyHoldChanges([], changes);
    expect(reconcileRuleHolds(holds, [ruleHold('fraud_review'), ruleHold('address')], T1)).toEqual({ placed: [], released: [], escalated: [] });
  });

  test('releases a rule hold the rules no longer ask for (the fault was fixed), but never an operator hold', () => {
    const holds: OrderHold[] = [
      { reason: 'payment', placedBy: 'rule:payment-pending', placedAt: T0 },
      { reason: 'manual', placedBy: 'ops', placedAt: T0 },
    ];
    const changes = reconcileRuleHolds(holds, [], T1);
    expect(changes.released).toEqual([{ reason: 'payment', placedAt: T0, releasedAt: T1, releasedBy: RULES_ACTOR }]);
    expect(openReasons(applyHoldChanges(holds, changes))).toEqual(['manual']);
  });

  test("an operator's release stands: the rules do not place that reason again", () => {
    const holds: OrderHold[] = [{ reason: 'fraud_review', placedBy: 'rule:fraud', placedAt: T0, releasedAt: T1, releasedBy: 'risk-team' }];
    expect(reconcileRuleHolds(holds, [ruleHold('fraud_review')], T1).placed).toEqual([]);
  });

  test('a reason the rules released themselves can be placed again', () => {
    const holds: OrderHold[] = [{ reason: 'address', placedBy: 'rule:a', placedAt: T0, releasedAt: T1, releasedBy: RULES_ACTOR }];
    expect(reconcileRuleHolds(holds, [ruleHold('address')], T1).placed).toHaveLength(1);
  });

  test('property: after applying, exactly the decided reasons (minus overruled ones) plus operator holds are open', () => {
    const reason = fc.constantFrom(...HOLD_REASONS);
    fc.assert(
      fc.property(fc.uniqueArray(reason), fc.uniqueArray(reason), fc.uniqueArray(reason), (ruleOpen, operatorOpen, decided) => {
        const holds: OrderHold[] = [
          ...ruleOpen.map((r) => ({ reason: r, placedBy: `rule:${r}`, placedAt: T0 })),
          ...operatorOpen.filter((r) => !ruleOpen.includes(r)).map((r) => ({ reason: r, placedBy: 'ops', placedAt: T0 })),
        ];
        const after = applyHoldChanges(
          holds,
          reconcileRuleHolds(
            holds,
            decided.map((r) => ruleHold(r)),
            T1,
          ),
        );
        const expected = new Set([...decided, ...operatorOpen.filter((r) => !ruleOpen.includes(r))]);
        expect(openReasons(after)).toEqual([...expected].sort());
      }),
    );
  });
});

describe('SLA escalation', () => {
  const holds: OrderHold[] = [
    { reason: 'fraud_review', placedBy: 'rule:f', placedAt: T0 },
    { reason: 'address', placedBy: 'rule:a', placedAt: T0 },
  ];
  test('the next escalation is the earliest SLA among open, unescalated holds', () => {
    expect(nextEscalationAt(holds, DEFAULT_HOLD_SLA_MS)).toBe(Date.parse(T0) + DEFAULT_HOLD_SLA_MS.fraud_review);
    expect(nextEscalationAt([], DEFAULT_HOLD_SLA_MS)).toBeUndefined();
  });
  test('holds past their SLA escalate once', () => {
    const due = holdsToEscalate(holds, DEFAULT_HOLD_SLA_MS, Date.parse(T0) + 5 * 3_600_000);
    expect(due.map((h) => h.reason)).toEqual(['fraud_review']);
    const after = applyHoldChanges(holds, { placed: [], released: [], escalated: [{ reason: 'fraud_review', placedAt: T0, escalatedAt: T1 }] });
    expect(holdsToEscalate(after, DEFAULT_HOLD_SLA_MS, Date.parse(T0) + 5 * 3_600_000)).toEqual([]);
    expect(nextEscalationAt(after, DEFAULT_HOLD_SLA_MS)).toBe(Date.parse(T0) + DEFAULT_HOLD_SLA_MS.address);
  });
});

describe("operators' checks", () => {
  const open: OrderHold[] = [
    { reason: 'payment', placedBy: 'rule:p', placedAt: T0 },
    { reason: 'manual', placedBy: 'ops', placedAt: T0 },
  ];
  test('payment and inventory holds resolve by themselves', () => {
    expect(releaseHoldProblem(open, 'payment')).toMatch(/when the payment arrives/);
    expect(placeHoldProblem(open, 'inventory', true)).toMatch(/placed by the order itself/);
  });
  test("the order's own payment hold (an authorization about to expire) is an operator's to release; the rules' is not", () => {
    const own: OrderHold[] = [{ reason: 'payment', note: 'authorization about to expire', placedBy: 'system', placedAt: T0 }];
    expect(releaseHoldProblem(own, 'payment')).toBeUndefined();
    expect(placeHoldProblem(own, 'payment', true)).toMatch(/placed by the order itself/);
  });
  test('one open hold per reason; nothing to release when none is open; no holds once fulfillment started', () => {
    expect(placeHoldProblem(open, 'manual', true)).toMatch(/already has an open manual hold/);
    expect(releaseHoldProblem(open, 'address')).toMatch(/no open address hold/);
    expect(placeHoldProblem(open, 'address', false)).toMatch(/already being fulfilled/);
    expect(releaseHoldProblem(open, 'manual')).toBeUndefined();
    expect(placeHoldProblem(open, 'fraud_review', true)).toBeUndefined();
  });
  test('releaseAll closes every open hold', () => {
    const after = applyHoldChanges(open, releaseAll(open, 'system', T1, 'order cancelled'));
    expect(openReasons(after)).toEqual([]);
    expect(after.every((h) => h.releasedBy === 'system' && h.releaseNote === 'order cancelled')).toBe(true);
  });
});

test("an operator's hold or release never carries the rules' or the hub's own actor names", () => {
  expect(['alice', 'ops:3fa2b1c4d5e6', 'rule-book'].map(isOperatorActor)).toEqual([true, true, true]);
  expect(['rule:fraud-review', 'rules', 'system'].map(isOperatorActor)).toEqual([false, false, false]);
});
