import { onceEvery } from '../../src/api/metrics/onceEvery';

/* Pure: ORDERHUB_SKIP_STACK=1 npx jest test/api/metricsCache.test.ts */

function counted<T>(results: Array<() => Promise<T>>) {
  let calls = 0;
  const compute = () => results[Math.min(calls++, results.length - 1)]();
  return { compute, calls: () => calls };
}

test('many callers, at once and one after another, share one computation per interval', async () => {
  let now = 1_000_000;
  let release!: (v: string) => void;
  const slow = new Promise<string>((resolve) => (release = resolve));
  const c = counted([() => slow, async () => 'second']);
  const figures = onceEvery(15_000, c.compute, () => now);

  const atOnce = Array.from({ length: 50 }, () => figures());
  expect(c.calls()).toBe(1);
  release('first');
  expect(new Set(await Promise.all(atOnce))).toEqual(new Set(['first']));

  now += 14_999;
  for (let i = 0; i < 1_200; i++) expect(await figures()).toBe('first');
  expect(c.calls()).toBe(1);

  now += 1; // 15 s after the first computation started
  expect(await figures()).toBe('second');
  expect(await figures()).toBe('second');
  expect(c.calls()).toBe(2);
});

test('a failed computation counts for its interval too: a database that is down is asked once per interval, not per scrape', async () => {
  let now = 0;
  const c = counted<string>([async () => Promise.reject(new Error('db down')), async () => 'back']);
  const figures = onceEvery(15_000, c.compute, () => now);
  await expect(figures()).rejects.toThrow('db down');
  await expect(figures()).rejects.toThrow('db down');
  expect(c.calls()).toBe(1);
  now += 15_000;
  expect(await figures()).toBe('back');
  expect(c.calls()).toBe(2);
});
