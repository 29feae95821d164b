/**
 * Undo steps pushed as the order makes progress, run in reverse order on cancellation. A step
 * that fails for good does not stop the others: the rest of the order is still unwound.
 */
export class CompensationStack {
  private readonly steps: { name: string; undo: () => Promise<unknown> }[] = [];

  push(name: string, undo: () => Promise<unknown>): void {
    this.steps.push({ name, undo });
  }

  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  async unwind(): Promise<{ name: string; error: string }[]> {
    const failures: { name: string; error: string }[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.undo();
      } catch (err) {
        failures.push({ name: step.name, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return failures;
  }
}
