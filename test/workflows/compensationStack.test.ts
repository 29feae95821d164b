import fc from 'fast-check';
import { CompensationStack } from '../../src/workflows/compensationStack';

describe('CompensationStack', () => {
  it('unwinds in reverse order of pushing', async () => {
    const stack = new CompensationStack();
    const ran: string[] = [];
    for (const name of ['reserve stock', 'charge payment', 'buy label']) {
      stack.push(name, async () => void ran.push(name));
    }
    expect(stack.names).toEqual(['reserve stock', 'charge payment', 'buy label']);
    expect(await stack.unwind()).toEqual([]);
    expect(ran).toEqual(['buy label', 'charge payment', 'reserve stock']);
  });

  it('a failing step does not stop the rest, and failures are reported with their names', async () => {
    const stack = new CompensationStack();
    const ran: string[] = [];
    stack.push('a', async () => void ran.push('a'));
    stack.push('b', async () => {
      ran.push('b');
      throw new Error('ERP down');
    });
    stack.push('c', async () => {
      ran.push('c');
      throw 'plain string';
    });
    stack.push('d', async () => void ran.push('d'));
    expect(await stack.unwind()).toEqual([
      { name: 'c', error: 'plain string' },
      { name: 'b', error: 'ERP down' },
    ]);
    expect(ran).toEqual(['d', 'c', 'b', 'a']);
  });

  it('a step that throws synchronously is caught like a rejected one', async () => {
    const stack = new CompensationStack();
    const ran: string[] = [];
    stack.push('first', async () => void ran.push('first'));
    stack.push('sync', () => {
      throw new Error('boom');
    });
    expect(await stack.unwind()).toEqual([{ name: 'sync', error: 'boom' }]);
    expect(ran).toEqual(['first']);
  });

  it('waits for each step before starting the next', async () => {
    const stack = new CompensationStack();
    const log: string[] = [];
    const slow = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
    };
    stack.push('one', slow('one'));
    stack.push('two', slow('two'));
    await stack.unwind();
    expect(log).toEqual(['start two', 'end two', 'start one', 'end one']);
  });

  it('is empty after unwinding: a second unwind runs nothing', async () => {
    const stack = new CompensationStack();
    const undo = jest.fn(async () => undefined);
    stack.push('x', undo);
    await stack.unwind();
    expect(stack.names).toEqual([]);
    expect(await stack.unwind()).toEqual([]);
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('an empty stack unwinds to no failures', async () => {
    expect(await new CompensationStack().unwind()).toEqual([]);
  });

  it('steps pushed after an unwind are unwound next time', async () => {
    const stack = new CompensationStack();
    const ran: string[] = [];
    stack.push('old', async () => void ran.push('old'));
    await stack.unwind();
    stack.push('new', async () => void ran.push('new'));
    await stack.unwind();
    expect(ran).toEqual(['old', 'new']);
  });

  it('property: every step runs once, in reverse order; failures are exactly the failing steps, in unwind order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { maxLength: 12 }), async (fails) => {
        const stack = new CompensationStack();
        const ran: number[] = [];
        fails.forEach((fail, i) =>
          stack.push(`step ${i}`, async () => {
            ran.push(i);
            if (fail) throw new Error(`failed ${i}`);
          }),
        );
        const failures = await stack.unwind();
        const reversed = fails.map((_, i) => i).reverse();
        expect(ran).toEqual(reversed);
        expect(failures).toEqual(reversed.filter((i) => fails[i]).map((i) => ({ name: `step ${i}`, error: `failed ${i}` })));
        expect(stack.names).toEqual([]);
      }),
    );
  });
});
