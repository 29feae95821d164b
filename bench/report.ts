import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  params: Record<string, unknown>;
}

/** Prints each figure as one JSON line and keeps it for bench/results/latest.json. */
export class Report {
  private readonly figures: (Figure & { cores: number; at: string })[] = [];

  emit(figure: Figure): void {
    const line = { ...figure, value: Math.round(figure.value * 100) / 100, cores: os.cpus().length, at: new Date().toISOString() };
    this.figures.push(line);
    console.log(JSON.stringify(line));
  }

  save(file = path.join(__dirname, 'results', 'latest.json')): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(this.figures, null, 2) + '\n');
  }
}

/** Runs the tasks with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(lanes);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
