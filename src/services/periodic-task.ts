/**
 * Runs a background task now and then (retention purges): a first pass after `firstDelayMs`, then one every
 * `intervalMs`, on unref'd timers so they never keep the process alive. A pass still running when the next is due
 * is not doubled: that tick is skipped. `stop()` ends the schedule, asks the pass under way to stop (its signal is
 * aborted; the task checks it between batches) and waits for it.
 */

export interface TaskLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface PeriodicTaskOptions {
  readonly intervalMs: number;
  /** 0 runs the first pass at once. */
  readonly firstDelayMs: number;
  /** Logged (as a warning) when a pass throws; the schedule goes on. */
  readonly name: string;
  readonly logger: TaskLogger;
}

export interface PeriodicTask {
  stop(): Promise<void>;
}

export function schedulePeriodic(task: (signal: AbortSignal) => Promise<void>, options: PeriodicTaskOptions): PeriodicTask {
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  const pass = () => {
    if (running !== undefined || controller.signal.aborted) return;
    running = task(controller.signal)
      .catch((error: unknown) => options.logger.warn({ err: error }, `${options.name} failed`))
      .finally(() => (running = undefined));
  };
  let interval: NodeJS.Timeout | undefined;
  const startInterval = () => {
    interval = setInterval(pass, options.intervalMs);
    interval.unref();
  };
  let first: NodeJS.Timeout | undefined;
  if (options.firstDelayMs <= 0) {
    pass();
    startInterval();
  } else {
    first = setTimeout(() => {
      first = undefined;
      pass();
      startInterval();
    }, options.firstDelayMs);
    first.unref();
  }
  return {
    async stop() {
      controller.abort();
      clearTimeout(first);
      clearInterval(interval);
      await running;
    },
  };
}
