import type { SystemName } from './systems';

/** A reply as first sent, replayed verbatim for repeats of the same key. */
export interface StoredReply {
  status: number;
  body: unknown;
}

/** Remembers first replies per (system, operation, key), the way real partner APIs dedupe retries. */
export class IdempotencyStore {
  private readonly replies = new Map<string, StoredReply>();

  private static scope(system: SystemName, operation: string, key: string): string {
    return JSON.stringify([system, operation, key]);
  }

  get(system: SystemName, operation: string, key: string): StoredReply | undefined {
    return this.replies.get(IdempotencyStore.scope(system, operation, key));
  }

  remember(system: SystemName, operation: string, key: string, reply: StoredReply): void {
    this.replies.set(IdempotencyStore.scope(system, operation, key), reply);
  }

  get size(): number {
    return this.replies.size;
  }

  clear(): void {
    this.replies.clear();
  }
}
