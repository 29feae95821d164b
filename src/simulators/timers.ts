/**
 * Every timer the simulators start goes through here, so stopping the simulators
 * can cancel all of them at once and jest (or the demo process) exits cleanly.
 */
export class TimerRegistry {
  private readonly pending = new Set<NodeJS.Timeout>();

  schedule(task: () => void, delayMs: number): void {
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      task();
    }, delayMs);
    this.pending.add(handle);
  }

  /** Resolves after `delayMs`; after clearAll() a pending sleep never resolves (its work is cancelled). */
  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.schedule(resolve, delayMs));
  }

  clearAll(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
