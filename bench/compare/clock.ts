/**
 * Microseconds on the system-wide monotonic clock (CLOCK_MONOTONIC on Linux). The bench process and the sink
 * process read the same clock, so a send time written by one and an arrival time read by the other subtract.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
