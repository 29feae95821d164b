import type { AllocationLine, ShipmentState } from '../../../src/domain/order';
import { DEFAULT_RETURN_POLICY, orderReturnState, planReturnRequest, returnableUnits, returnPolicyOf, type ReturnRequestFacts } from '../../../src/domain/returns';

const input = {
  lines: [
    { lineNo: 1, sku: 'MUG', quantity: 3, unitPriceMinor: 1000 },
    { lineNo: 2, sku: 'TEE', quantity: 2, unitPriceMinor: 2000 },
  ],
};
const allocations: AllocationLine[] = [
  { lineNo: 1, sku: 'MUG', locationId: 'east', quantity: 3 },
  { lineNo: 2, sku: 'TEE', locationId: 'west', quantity: 2 },
];
const shipments = (west: ShipmentState['status']): ShipmentState[] => [
  { shipmentId: 'o-east', locationId: 'east', items: [{ sku: 'MUG', quantity: 3 }], status: 'delivered' },
  { shipmentId: 'o-west', locationId: 'west', items: [{ sku: 'TEE', quantity: 2 }], status: west },
];
const deliveredAt = new Date('2026-11-01T10:00:00Z');
const facts = (over: Partial<ReturnRequestFacts> = {}): ReturnRequestFacts => ({
  input,
  allocations,
  shipments: shipments('delivered'),
  deliveredAt,
  existing: [],
  policy: DEFAULT_RETURN_POLICY,
  now: new Date('2026-11-20T10:00:00Z'),
  ...over,
});

describe('what may be returned', () => {
  it('shipped units only: a parcel still in the warehouse gives nothing to return', () => {
    expect([...returnableUnits(facts({ shipments: shipments('label_created') }))]).toEqual([
      [1, 3],
      [2, 0],
    ]);
    const refused = planReturnRequest(facts({ shipments: shipments('pending'), deliveredAt: undefined }), [{ lineId: 2, quantity: 1 }]);
    expect(refused).toEqual({ kind: 'invalid_state', message: 'lines[0].quantity: lines[0].lineId 2 has 0 unit(s) left to return (shipped, not returned before), 1 asked' });
  });

  it('units held by earlier returns are not returnable again; an expired return gives them back; a receipt counts what arrived', () => {
    const existing = [
      { status: 'requested' as const, lines: [{ lineNo: 1, quantity: 2 }] },
      { status: 'expired' as const, lines: [{ lineNo: 1, quantity: 1 }] },
      { status: 'refunded' as const, lines: [{ lineNo: 2, quantity: 2, receivedQuantity: 1 }] },
    ];
    expect(returnableUnits(facts({ existing })).get(1)).toBe(1);
    expect(returnableUnits(facts({ existing })).get(2)).toBe(1);
    const over = planReturnRequest(facts({ existing }), [{ sku: 'MUG', quantity: 2 }]);
    expect(over).toMatchObject({ kind: 'invalid_state', message: expect.stringContaining('lines[0].sku "MUG" has 1 unit(s) left to return') });
  });

  it('by line or by SKU, a malformed line is invalid input (400), naming the field', () => {
    expect(
      planReturnRequest(facts(), [
        { sku: 'MUG', quantity: 2 },
        { lineId: 2, quantity: 1 },
      ]),
    ).toEqual([
      { lineNo: 1, quantity: 2, entry: 0 },
      { lineNo: 2, quantity: 1, entry: 1 },
    ]);
    expect(planReturnRequest(facts(), [{ lineId: 9, quantity: 1 }])).toEqual({ kind: 'invalid_input', message: 'lines[0].lineId: the order has no line 9' });
    expect(planReturnRequest(facts(), [{ lineId: 1, quantity: 0 }])).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining('lines[0].quantity') });
    expect(planReturnRequest(facts(), [])).toMatchObject({ kind: 'invalid_input' });
  });

  it('the window: open on its last millisecond, a 409 naming the line after; not started while a parcel travels', () => {
    const last = new Date(deliveredAt.getTime() + 30 * 86_400_000);
    expect(Array.isArray(planReturnRequest(facts({ now: last }), [{ lineId: 1, quantity: 1 }]))).toBe(true);
    const late = planReturnRequest(facts({ now: new Date(last.getTime() + 1) }), [{ lineId: 1, quantity: 1 }]);
    expect(late).toEqual({ kind: 'invalid_state', message: 'lines[0]: lineId 1 can no longer be returned: the 30-day return window closed at 2026-12-01T10:00:00.000Z' });
    const shortPolicy = { ...DEFAULT_RETURN_POLICY, returnWindowDays: 7 };
    expect(planReturnRequest(facts({ policy: shortPolicy }), [{ lineId: 1, quantity: 1 }])).toMatchObject({ kind: 'invalid_state' });
    expect(Array.isArray(planReturnRequest(facts({ deliveredAt: undefined, shipments: shipments('in_transit'), now: new Date('2027-06-01') }), [{ lineId: 2, quantity: 2 }]))).toBe(
      true,
    );
  });

  it('channel policy columns fall back to the defaults (30 days, shipping with the last unit, exchange on receipt)', () => {
    expect(returnPolicyOf({})).toEqual(DEFAULT_RETURN_POLICY);
    expect(returnPolicyOf({ returnWindowDays: 14, returnShipping: 'never', exchangeShipsAt: 'at_once' })).toEqual({
      returnWindowDays: 14,
      returnShipping: 'never',
      exchangeShipsAt: 'at_once',
    });
    expect(returnPolicyOf({ returnShipping: 'bogus' }).returnShipping).toBe('with_last_unit');
  });

  it('the order is partially_returned, then returned once every unit not cancelled came back', () => {
    expect(orderReturnState(input.lines, {}, new Map())).toBeUndefined();
    expect(orderReturnState(input.lines, {}, new Map([[1, 1]]))).toBe('partially_returned');
    expect(orderReturnState(input.lines, { 2: 2 }, new Map([[1, 3]]))).toBe('returned');
  });
});
