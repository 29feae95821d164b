const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "24h", "90s", "14d", "1500ms" or a bare number of milliseconds -> milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like "24h", "30m", "90s" or "1500ms"`);
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
  if (ms <= 0) throw new Error(`duration "${text}" must be positive`);
  return ms;
}
