/**
 * ~`size` bytes of JSON: `depth` nested objects around one wide array of zeros. Within the
 * 256 KB limit and the depth limit, so only the cost of looking at it can hurt.
 */
export function wideAtDepth(depth: number, size: number): string {
  const open = '{"a":'.repeat(depth) + '[';
  const close = ']' + '}'.repeat(depth);
  const n = Math.floor((size - open.length - close.length) / 2);
  return open + new Array(n).fill('0').join(',') + close;
}
