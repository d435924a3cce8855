/** Waits for a promise for at most `ms`: probes (readiness, metrics scrapes) must answer even when the database does not. */

export type Outcome<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'timeout' } | { readonly kind: 'error'; readonly error: unknown };

export async function withinMs<T>(work: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome<T>>((resolve) => {
    // Not unref'd: whoever waits for the answer needs the process to live until it comes; it is cleared at once.
    timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
  });
  const settled = work.then(
    (value): Outcome<T> => ({ kind: 'ok', value }),
    (error: unknown): Outcome<T> => ({ kind: 'error', error }),
  );
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}
