import { canReturnTransition, checkReceipt, isOpenReturn, RETURN_STATUSES } from '../../../src/domain/returns';

describe('receipt', () => {
  const lines = [
    { lineNo: 1, quantity: 2 },
    { lineNo: 3, quantity: 1 },
  ];
  it('sums units per line and condition', () => {
    expect(
      checkReceipt(lines, [
        { lineId: 1, quantity: 1, condition: 'resellable' },
        { lineId: 1, quantity: 1, condition: 'damaged' },
        { lineId: 3, quantity: 1, condition: 'resellable' },
      ]),
    ).toEqual([
      { lineNo: 1, resellable: 1, damaged: 1 },
      { lineNo: 3, resellable: 1, damaged: 0 },
    ]);
  });
  it('a line not in the return or a bad condition is 400; more units than asked is 409, naming the field', () => {
    expect(checkReceipt(lines, [{ lineId: 2, quantity: 1, condition: 'resellable' }])).toEqual({ kind: 'invalid_input', message: 'lines[0].lineId: the return has no line 2' });
    expect(checkReceipt(lines, [{ lineId: 1, quantity: 1, condition: 'broken' as never }])).toMatchObject({
      kind: 'invalid_input',
      message: expect.stringContaining('lines[0].condition'),
    });
    expect(
      checkReceipt(lines, [
        { lineId: 1, quantity: 2, condition: 'resellable' },
        { lineId: 1, quantity: 1, condition: 'damaged' },
      ]),
    ).toMatchObject({ kind: 'invalid_state', message: expect.stringContaining('lines[1].quantity') });
  });
});

describe('return statuses', () => {
  it('the happy path, expiry and the operator retry are allowed; terminal statuses go nowhere', () => {
    const path = ['requested', 'label_issued', 'in_transit', 'received', 'refunded'] as const;
    for (let i = 1; i < path.length; i++) expect(canReturnTransition(path[i - 1], path[i])).toBe(true);
    expect(canReturnTransition('label_issued', 'expired')).toBe(true);
    expect(canReturnTransition('in_transit', 'expired')).toBe(false);
    expect(canReturnTransition('needs_attention', 'refunded')).toBe(true);
    for (const end of ['refunded', 'closed', 'expired'] as const) {
      expect(isOpenReturn(end)).toBe(false);
      for (const to of RETURN_STATUSES) expect(canReturnTransition(end, to)).toBe(to === end);
    }
    expect(isOpenReturn('needs_attention')).toBe(true);
  });
});
