/**
 * How the API tells the workers about runs: "runs were queued" and "cancel this run". The workers may be this
 * process's own dispatcher, other processes sharing the PostgreSQL database, or both.
 */
import { Channel, type Notifications } from '../store/notifications.js';

export interface RunSignals {
  /** Runs were queued (or became claimable): claim them now rather than at the next poll. */
  wake(): void;
  /** Stops the run wherever it is executing (its cancellation is already recorded in the database). */
  cancel(runId: string): void;
}

export function runSignals(notifications: Notifications, local?: { wake(): void }): RunSignals {
  return {
    wake() {
      // This process's own dispatcher claims at once; the notification reaches the others (and, on SQLite, is it).
      local?.wake();
      notifications.publish(Channel.RunsQueued);
    },
    cancel(runId) {
      notifications.publish(Channel.CancelRun, runId);
    },
  };
}
