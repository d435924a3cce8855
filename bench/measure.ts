/** Runs a body repeatedly for a fixed time after a warm-up and reports operations per second. */
export interface Measurement {
  readonly name: string;
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export async function measure(
  name: string,
  body: () => unknown | Promise<unknown>,
  options: { seconds?: number; warmupSeconds?: number; batch?: number } = {},
): Promise<Measurement> {
  const { seconds = 2, warmupSeconds = 0.5, batch = 1000 } = options;
  const runFor = async (limitMs: number) => {
    let operations = 0;
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      for (let i = 0; i < batch; i++) {
        const result = body();
        if (result instanceof Promise) await result;
      }
      operations += batch;
    }
    return { operations, elapsed: (performance.now() - started) / 1000 };
  };
  await runFor(warmupSeconds * 1000);
  const { operations, elapsed } = await runFor(seconds * 1000);
  return { name, operations, seconds: elapsed, perSecond: operations / elapsed };
}
