/**
 * The trigger outputs of runs just queued, kept in memory so the dispatcher, usually moments later, need not read
 * them back from the database. Bounded; anything not found here is read from the database as usual.
 */
export class RecentTriggerOutputs {
  private readonly outputs = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  remember(runId: string, outputs: string): void {
    if (this.outputs.size >= this.capacity) {
      const oldest = this.outputs.keys().next();
      if (!oldest.done) this.outputs.delete(oldest.value);
    }
    this.outputs.set(runId, outputs);
  }

  has(runId: string): boolean {
    return this.outputs.has(runId);
  }

  take(runId: string): string | undefined {
    const outputs = this.outputs.get(runId);
    if (outputs !== undefined) this.outputs.delete(runId);
    return outputs;
  }
}
