/** Partner-style document numbers ("SO-000001"), one independent counter per prefix. */
export class DocumentNumbers {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const value = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, value);
    return `${prefix}-${String(value).padStart(6, '0')}`;
  }
}

const TRACKING_DIGITS = 10;
const TRACKING_SPACE = 10 ** TRACKING_DIGITS;

/**
 * "SIM" + 10 digits. Sequential from a random starting point: unique within one
 * simulator run, and unlikely to collide with numbers a previous run handed to a
 * hub whose database outlived it.
 */
export class TrackingNumbers {
  private nextValue: number;

  constructor(random: () => number = Math.random) {
    this.nextValue = Math.floor(random() * (TRACKING_SPACE / 2));
  }

  next(): string {
    const value = this.nextValue % TRACKING_SPACE;
    this.nextValue += 1;
    return `SIM${String(value).padStart(TRACKING_DIGITS, '0')}`;
  }
}
